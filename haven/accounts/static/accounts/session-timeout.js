// Warn before an idle sign-out and offer to stay signed in (WCAG 2.2.1 Timing Adjustable; the
// GOV.UK timeout warning pattern). Progressive enhancement: without JavaScript the server still
// signs people out after the idle limit and says why on the sign-in page.
const script = document.querySelector("script[data-session-status-url]");
const statusUrl = script && script.dataset.sessionStatusUrl;
const signOutUrl = script && script.dataset.signOutUrl;

let timer = null;
let dialog = null;

async function fetchStatus() {
  const response = await fetch(statusUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  const type = response.headers.get("content-type") || "";
  if (!response.ok || !type.includes("application/json")) {
    return null; // signed out already, or not fully signed in: nothing to warn about
  }
  return response.json();
}

function describe(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const rounded = Math.max(1, seconds);
  return `${rounded} second${rounded === 1 ? "" : "s"}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function buildDialog(status) {
  const node = element("dialog", "govuk-!-padding-6");
  node.setAttribute("aria-labelledby", "session-timeout-heading");
  node.setAttribute("aria-describedby", "session-timeout-countdown");
  const heading = element("h2", "govuk-heading-m", "You are about to be signed out");
  heading.id = "session-timeout-heading";
  // The visible countdown changes every second; screen readers hear it only now and then,
  // from a separate live region, so that they are not interrupted every second.
  const countdown = element("p", "govuk-body");
  countdown.id = "session-timeout-countdown";
  const spoken = element("p", "govuk-visually-hidden");
  spoken.setAttribute("aria-live", "polite");
  const explain = element(
    "p",
    "govuk-body",
    "For your security, we sign you out when you have not done anything for a while.",
  );
  const group = element("div", "govuk-button-group");
  const stay = element("button", "govuk-button", "Stay signed in");
  stay.type = "button";
  const form = element("form");
  form.method = "post";
  form.action = signOutUrl;
  const token = element("input");
  token.type = "hidden";
  token.name = "csrfmiddlewaretoken";
  token.value = status.csrf_token;
  const leave = element("button", "govuk-button govuk-button--secondary", "Sign out");
  leave.type = "submit";
  form.append(token, leave);
  group.append(stay, form);
  node.append(heading, countdown, spoken, explain, group);

  stay.addEventListener("click", () => stayIn(status));
  node.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means "I am still here"
    stayIn(status);
  });
  document.body.append(node);
  return { node, countdown, spoken, stay };
}

async function stayIn(status) {
  await fetch(status.keep_alive_url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": status.csrf_token },
  });
  closeDialog();
  check();
}

function closeDialog() {
  if (dialog) {
    clearInterval(dialog.ticker);
    dialog.node.close();
    dialog.node.remove();
    dialog = null;
  }
}

function warn(status) {
  const deadline = Date.now() + status.seconds_left * 1000;
  dialog = buildDialog(status);
  const tick = async () => {
    const left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(dialog.ticker);
      const latest = await fetchStatus(); // another tab may have kept the session going
      if (latest && latest.seconds_left > 0) {
        closeDialog();
        schedule(latest);
      } else {
        window.location.reload(); // the server signs us out and says why
      }
      return;
    }
    const text = `We will sign you out in ${describe(left)}.`;
    dialog.countdown.textContent = text;
    if (!dialog.spoken.textContent || left % 30 === 0 || left === 10) {
      dialog.spoken.textContent = text;
    }
  };
  tick();
  dialog.ticker = setInterval(tick, 1000);
  dialog.node.showModal();
  dialog.stay.focus();
}

function schedule(status) {
  clearTimeout(timer);
  const untilWarning = Math.max(0, status.seconds_left - status.warning_seconds);
  timer = setTimeout(check, untilWarning * 1000);
}

async function check() {
  const status = await fetchStatus();
  if (!status) return;
  if (status.seconds_left <= status.warning_seconds) {
    if (!dialog) warn(status);
  } else {
    schedule(status);
  }
}

if (statusUrl && typeof HTMLDialogElement === "function") {
  check();
}
