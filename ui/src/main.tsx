import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./App";
import { ConsoleSignIn } from "./pages/ConsoleSignIn";
import { dataChanged } from "./query";
import { consoleSession, inBrowser, installBrowserTransport } from "./transport";

const root = createRoot(document.getElementById("root")!);
const show = (page: React.ReactNode) => root.render(<StrictMode>{page}</StrictMode>);

async function start() {
  if (!inBrowser) return show(<App />);
  installBrowserTransport(() => void dataChanged());
  const session = await consoleSession().catch(() => null);
  show(session ? <App /> : <ConsoleSignIn onDone={() => show(<App />)} />);
}

void start();
