from tests.support.matrix import Row, everyone

# The public site is the same for everyone, signed in or not.
ROWS = [
    Row(name, expect=everyone(200, anonymous=200))
    for name in (
        "public:home",
        "public:what-is-abuse",
        "public:how-we-help",
        "public:staying-safe-online",
        "public:services",
        "public:call-back",
    )
]

# Any other address under Get help is the public "Page not found", for everyone.
ROWS.append(
    Row("public:not-found", kwargs={"rest": "no-such-page/"}, expect=everyone(404, anonymous=404))
)
