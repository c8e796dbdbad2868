import { mark } from "./lib/startup";
import { mount } from "svelte";
import App from "./App.svelte";
import { loadLanguage } from "./lib/i18n";
import "./app.css";

mark("JS evaluated");
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// Only the language the person reads is loaded (its own chunk); English if that chunk fails.
await loadLanguage().catch(() => loadLanguage(["en"]));
export default mount(App, { target });
