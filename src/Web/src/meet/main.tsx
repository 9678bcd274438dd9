import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MeetingRoom } from "./MeetingRoom";
import "./room.css";

// The server answered this page only after checking the link's token; the hub checks it again on every connection.
const token = new URLSearchParams(window.location.search).get("t") ?? "";
const root = document.getElementById("room");
if (root === null) {
  throw new Error("meet.html has no #room element");
}

createRoot(root).render(
  <StrictMode>
    <MeetingRoom token={token} />
  </StrictMode>,
);
