// After a passkey is added, reload the account page so it lists the new passkey (the server
// has queued a confirmation message for that page).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
