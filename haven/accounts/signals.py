"""Sign-in, sign-out and failed sign-in write to the access log."""
