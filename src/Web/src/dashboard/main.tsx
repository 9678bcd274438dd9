import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";
import { ApiError } from "./api";
import { Shell } from "./Layout";
import "./dashboard.css";

const client = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    // Each page is its own chunk, loaded when first visited (the charts only with the overview).
    children: [
      { index: true, lazy: () => import("./pages/Overview").then((m) => ({ Component: m.OverviewPage })) },
      { path: "live", lazy: () => import("./pages/LiveCalls").then((m) => ({ Component: m.LiveCallsPage })) },
      { path: "leads", lazy: () => import("./pages/Leads").then((m) => ({ Component: m.LeadsPage })) },
      { path: "leads/:id", lazy: () => import("./pages/LeadPage").then((m) => ({ Component: m.LeadPage })) },
      { path: "campaigns", lazy: () => import("./pages/Campaigns").then((m) => ({ Component: m.CampaignsPage })) },
      { path: "campaigns/:id", lazy: () => import("./pages/Campaigns").then((m) => ({ Component: m.CampaignPage })) },
      { path: "meetings", lazy: () => import("./pages/Meetings").then((m) => ({ Component: m.MeetingsPage })) },
      { path: "meetings/:id", lazy: () => import("./pages/Meetings").then((m) => ({ Component: m.MeetingPage })) },
      { path: "calls", lazy: () => import("./pages/Calls").then((m) => ({ Component: m.CallsPage })) },
      { path: "calls/:id", lazy: () => import("./pages/Calls").then((m) => ({ Component: m.CallPage })) },
      { path: "question-sets", lazy: () => import("./pages/QuestionSets").then((m) => ({ Component: m.QuestionSetsPage })) },
      { path: "do-not-call", lazy: () => import("./pages/DoNotCall").then((m) => ({ Component: m.DoNotCallPage })) },
      { path: "emails", lazy: () => import("./pages/Emails").then((m) => ({ Component: m.EmailsPage })) },
      { path: "settings", lazy: () => import("./pages/Settings").then((m) => ({ Component: m.SettingsPage })) },
      { path: "*", lazy: () => import("./pages/NotFound").then((m) => ({ Component: m.NotFoundPage })) },
    ],
  },
]);

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
