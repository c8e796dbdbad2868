import { mark } from "./lib/startup";
import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

mark("JS evaluated");
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
export default mount(App, { target });
