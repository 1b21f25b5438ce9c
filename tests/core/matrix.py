from tests.support.matrix import Row, everyone

ROWS = [
    Row("core:home", expect=everyone(200)),
    Row("core:accessibility", expect=everyone(200, anonymous=200)),
    Row("core:privacy", expect=everyone(200, anonymous=200)),
]
