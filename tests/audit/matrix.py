from tests.support.matrix import Row, only

ROWS = [
    # Oversight of who looked at what: the coordinator only. Not case data, so a plain 403.
    Row("audit:log", expect=only(200, "coordinator")),
    Row("audit:check", method="post", data={}, expect=only(302, "coordinator")),
]
