"""The platform: how capability apps plug into Haven without core or cases importing them.

A bottom-layer package (it imports Django and nothing of Haven's apps). Each app fills the
registries in `registries` from its `AppConfig.ready()`; core and cases only iterate them.
See docs/adding-an-app.md.
"""
