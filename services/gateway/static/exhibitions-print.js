// The printable sheet of an exhibit, to stand beside it: the exhibit's title, a big QR code to its
// phone page, one line of instruction in German and in English (both, whatever the console's
// language), the short address and the code. The console hides while it is shown; printing
// leaves out the buttons (@media print in exhibitions.css).

import { exhibitPath, exhibitQr } from "./exhibitions-ui.js";
import { t } from "./i18n.js";
import de from "./strings-de.js";
import en from "./strings-en.js";

const $ = (id) => document.getElementById(id);

export function createPrint() {
  let opener = null;
  let shown = null;

  function draw() {
    if (!shown) return;
    const { exhibit, exhibition } = shown;
    const url = exhibit.url || `${location.origin}${exhibitPath(exhibit.code)}`;
    $("sheet-exhibition").textContent = exhibition?.title || "";
    $("sheet-title").textContent = exhibit.title;
    $("sheet-qr").src = exhibitQr(exhibit.code);
    $("sheet-qr").alt = t("x.print.qrAlt", { title: exhibit.title });
    $("sheet-de").textContent = de["x.print.line"];
    $("sheet-en").textContent = en["x.print.line"];
    $("sheet-url").textContent = url.replace(/^https?:\/\//, "");
    $("sheet-code").textContent = exhibit.code;
  }

  function open(exhibit, exhibition, from) {
    opener = from;
    shown = { exhibit, exhibition };
    draw();
    document.body.classList.add("x-printing");
    $("print-sheet").hidden = false;
    $("sheet-title").focus();
  }

  function close() {
    shown = null;
    document.body.classList.remove("x-printing");
    $("print-sheet").hidden = true;
    opener?.focus();
  }

  $("sheet-print").addEventListener("click", () => window.print());
  $("sheet-close").addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown) close();
  });
  return { open, close, draw };
}
