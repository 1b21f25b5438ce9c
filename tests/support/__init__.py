"""What tests share: personas, factories, the matrix's row format, HTML reading, subprocesses and
the browser harness (a pytest plugin). Registered for every test in tests/conftest.py."""
