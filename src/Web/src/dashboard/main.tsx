import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";
import { ApiError } from "./api";
import { Shell } from "./Layout";
import { OverviewPage } from "./pages/Overview";
import { LiveCallsPage } from "./pages/LiveCalls";
import { LeadsPage } from "./pages/Leads";
import { LeadPage } from "./pages/LeadPage";
import { CampaignsPage, CampaignPage } from "./pages/Campaigns";
import { MeetingsPage, MeetingPage } from "./pages/Meetings";
import { CallsPage, CallPage } from "./pages/Calls";
import { QuestionSetsPage } from "./pages/QuestionSets";
import { DoNotCallPage } from "./pages/DoNotCall";
import { EmailsPage } from "./pages/Emails";
import { SettingsPage } from "./pages/Settings";
import { NotFoundPage } from "./pages/NotFound";
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
    children: [
      { index: true, element: <OverviewPage /> },
      { path: "live", element: <LiveCallsPage /> },
      { path: "leads", element: <LeadsPage /> },
      { path: "leads/:id", element: <LeadPage /> },
      { path: "campaigns", element: <CampaignsPage /> },
      { path: "campaigns/:id", element: <CampaignPage /> },
      { path: "meetings", element: <MeetingsPage /> },
      { path: "meetings/:id", element: <MeetingPage /> },
      { path: "calls", element: <CallsPage /> },
      { path: "calls/:id", element: <CallPage /> },
      { path: "question-sets", element: <QuestionSetsPage /> },
      { path: "do-not-call", element: <DoNotCallPage /> },
      { path: "emails", element: <EmailsPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
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
