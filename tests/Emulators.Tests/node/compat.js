// Drives the Communication Services emulator with the official Call Automation SDK, unchanged:
// create a call with the HMAC connection string, play text, recognize speech with a prompt, parse every callback with
// the SDK's own parseCallAutomationEvent, hang up. Prints one JSON line with what happened; exits non-zero on failure.
//
// Environment: ACS_CONNECTION_STRING, TARGET_NUMBER, SOURCE_NUMBER, EXPECTED_SPEECH (optional), TIMEOUT_MS (optional).
"use strict";
const http = require("node:http");
const { CallAutomationClient, parseCallAutomationEvent } = require("@azure/communication-call-automation");

const connectionString = required("ACS_CONNECTION_STRING");
const target = { phoneNumber: required("TARGET_NUMBER") };
const source = { phoneNumber: required("SOURCE_NUMBER") };
const timeoutMs = Number(process.env.TIMEOUT_MS || 20000);

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const received = [];
const waiters = [];

function deliver(event) {
  received.push(event);
  for (const waiter of [...waiters]) {
    if (waiter.kinds.includes(event.kind) && (!waiter.context || waiter.context === event.operationContext)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  }
}

function next(kinds, context) {
  const earlier = received.find((e) => kinds.includes(e.kind) && (!context || e.operationContext === context) && !e.consumed);
  if (earlier) {
    earlier.consumed = true;
    return Promise.resolve(earlier);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${kinds.join("/")}`)), timeoutMs);
    waiters.push({ kinds, context, resolve: (e) => { clearTimeout(timer); e.consumed = true; resolve(e); } });
  });
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    try {
      // ACS posts a JSON array of CloudEvents; the SDK parser takes one event at a time.
      for (const cloudEvent of JSON.parse(body)) {
        deliver(parseCallAutomationEvent(cloudEvent));
      }
      res.writeHead(200).end();
    } catch (error) {
      console.error("callback parse failed:", error);
      res.writeHead(400).end();
    }
  });
});

async function main() {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const callbackUrl = `http://127.0.0.1:${server.address().port}/callbacks/compat-1`;
  // The SDK refuses plain http unless told otherwise; a loopback emulator is exactly the case the option exists for.
  const insecure = /endpoint=http:\/\//i.test(connectionString);
  const client = new CallAutomationClient(connectionString, { allowInsecureConnection: insecure });

  const created = await client.createCall({ targetParticipant: target, sourceCallIdNumber: source }, callbackUrl, {
    operationContext: "compat-create",
    callIntelligenceOptions: { cognitiveServicesEndpoint: "https://emulated.cognitiveservices.azure.com/" },
  });
  const callConnectionId = created.callConnectionProperties.callConnectionId;
  const connected = await next(["CallConnected"]);
  if (connected.callConnectionId !== callConnectionId) {
    throw new Error(`CallConnected for ${connected.callConnectionId}, expected ${callConnectionId}`);
  }

  const properties = await created.callConnection.getCallConnectionProperties();
  const media = created.callConnection.getCallMedia();
  await media.playToAll(
    [{ kind: "textSource", text: "Hello, this is the scheduling assistant.", voiceName: "en-US-JennyNeural", sourceLocale: "en-US" }],
    { operationContext: "compat-play" });
  const played = await next(["PlayCompleted", "PlayFailed"], "compat-play");
  if (played.kind !== "PlayCompleted") {
    throw new Error(`play ended with ${played.kind}`);
  }

  await media.startRecognizing(target, {
    kind: "callMediaRecognizeSpeechOptions",
    playPrompt: { kind: "textSource", text: "How can I help you today?", voiceName: "en-US-JennyNeural" },
    speechLanguage: "en-US",
    endSilenceTimeoutInSeconds: 1,
    initialSilenceTimeoutInSeconds: 5,
    operationContext: "compat-recognize",
  });
  const recognized = await next(["RecognizeCompleted", "RecognizeFailed"], "compat-recognize");
  if (recognized.kind !== "RecognizeCompleted" || recognized.recognitionType !== "speech") {
    throw new Error(`recognize ended with ${recognized.kind} ${recognized.recognitionType}`);
  }
  const speech = recognized.speechResult && recognized.speechResult.speech;
  if (process.env.EXPECTED_SPEECH && speech !== process.env.EXPECTED_SPEECH) {
    throw new Error(`recognized "${speech}", expected "${process.env.EXPECTED_SPEECH}"`);
  }

  await created.callConnection.hangUp(true);
  const disconnected = await next(["CallDisconnected"]);

  console.log(JSON.stringify({
    ok: true,
    callConnectionId,
    stateAfterConnect: properties.callConnectionState,
    kinds: received.map((e) => e.kind),
    speech,
    confidence: recognized.speechResult.confidence,
    resultCode: recognized.resultInformation && recognized.resultInformation.subCode,
    disconnectedCorrelationId: disconnected.correlationId,
  }));
}

main()
  .then(() => server.close())
  .catch((error) => {
    console.error(error && error.stack ? error.stack : error);
    server.close();
    process.exitCode = 1;
  });
