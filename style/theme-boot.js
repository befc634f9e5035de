// Applies the colour theme chosen on this device before the app has loaded, so the page never
// shows the other theme first. A file, not an inline script, for the Content-Security-Policy.
// The app keeps it up to date (src/components/theme.rs, same key and values).
try {
  var theme = window.localStorage.getItem("agentdeck.theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.setAttribute("data-theme", theme);
  }
} catch (e) {
  // Storage blocked: the system's theme applies.
}
