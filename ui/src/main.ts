import { mark } from "./lib/startup";
import { boot } from "./boot";
import "./app.css";

mark("JS evaluated");
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
export default await boot(target);
