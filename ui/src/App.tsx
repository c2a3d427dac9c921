// The window: first-run setup, or (once someone signed in, when the device
// has people) the router's pages inside the shell.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { listen } from "@tauri-apps/api/event";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { commands } from "./api";
import { dataChanged, queryClient, useCommand } from "./query";
import { APP_INFO } from "./appInfo";
import i18n from "./i18n";
import { router } from "./router";
import { Setup } from "./pages/Setup";
import { ChoicesContext } from "./choices";
import { SignedIn } from "./components/SignedIn";

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Window />
    </QueryClientProvider>
  );
}

function Window() {
  const { t } = useTranslation();
  const info = useCommand(APP_INFO, commands.appInfo);
  const choices = useCommand(["choices"], async () => commands.choices());
  const language = info.data?.profile?.language;

  useEffect(() => {
    const un = listen("data-changed", () => void dataChanged());
    return () => {
      un.then((f) => f());
    };
  }, []);
  useEffect(() => {
    if (language) void i18n.changeLanguage(language === "en" ? "en" : "id");
  }, [language]);

  const error = info.error || choices.error;
  if (error) return <div className="fatal">{error}</div>;
  if (!info.data || !choices.data) return <div className="splash">{t("common.loading")}</div>;
  return (
    <ChoicesContext.Provider value={choices.data}>
      {info.data.profile ? (
        <SignedIn>
          <RouterProvider router={router} />
        </SignedIn>
      ) : (
        <Setup onDone={() => void dataChanged()} />
      )}
    </ChoicesContext.Provider>
  );
}
