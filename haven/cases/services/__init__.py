"""Every change to a case, by topic: one transaction, one access-log event, full history.

Topics are layered; a lower one never imports a higher one (tests/test_layers.py):

    access, chronology  <-  lifecycle  <-  record (intake and the record), contact

Import the topic you need: `from haven.cases.services import lifecycle`.
"""
