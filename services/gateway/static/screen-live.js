// What every screen of the lab does to go live: show when it reconnects (the #live-status line),
// wait for /api/config however long the system takes to come up, then connect to the hub.
import { loadConfig } from "./api.js";
import { t } from "./i18n.js";
import { LiveClient } from "./live.js";

/** Show the live connection's state in #live-status ("reconnecting" says so in words). */
export function showLiveStatus(status) {
  const node = document.getElementById("live-status");
  node.dataset.state = status;
  node.textContent = status === "reconnecting" ? t("live.reconnecting") : "";
}

/** /api/config, asked again with growing pauses (up to 15 s) until the system answers. */
export async function configWhenReachable() {
  for (let wait = 1000; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      return await loadConfig();
    } catch {
      showLiveStatus("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** A live client whose state the screen shows. */
export function liveClient(config) {
  return new LiveClient(config.ws_url, { onStatus: showLiveStatus });
}
