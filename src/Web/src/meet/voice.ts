// Voice in the meeting room: the browser microphone recorded through an AudioWorklet, encoded as 16 kHz mono 16-bit PCM
// WAV (what Azure Speech's short-audio REST API takes), sent to the room's speech endpoint with the room token; the AI
// participant's lines are fetched as synthesised WAV audio and played.

export const SampleRate = 16000;
const MaxSeconds = 55;

/** What the speech endpoint answers: what it heard (null when nothing was recognised). */
export interface Heard {
  heard: string | null;
  status: string;
}

/** Records one utterance from the microphone, between start() and stop(). */
export class VoiceRecorder {
  private context: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private node: AudioWorkletNode | null = null;
  private chunks: Float32Array[] = [];

  async start(): Promise<void> {
    this.chunks = [];
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    this.context = new AudioContext();
    await this.context.audioWorklet.addModule("/web/pcm-recorder-worklet.js");
    const source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, "pcm-recorder");
    this.node.port.onmessage = (event: MessageEvent<Float32Array>) => {
      if (this.context !== null && this.length() < MaxSeconds * this.context.sampleRate) {
        this.chunks.push(event.data);
      }
    };
    // A silent sink keeps the graph pulling the worklet without playing the microphone back.
    const mute = this.context.createGain();
    mute.gain.value = 0;
    source.connect(this.node).connect(mute).connect(this.context.destination);
  }

  get recording(): boolean {
    return this.context !== null;
  }

  /** Stops the microphone and returns what was said as a WAV file. */
  async stop(): Promise<Blob> {
    const rate = this.context?.sampleRate ?? SampleRate;
    this.node?.port.close();
    this.node?.disconnect();
    this.stream?.getTracks().forEach((track) => track.stop());
    await this.context?.close();
    this.context = null;
    this.node = null;
    this.stream = null;
    const samples = new Float32Array(this.length());
    let offset = 0;
    for (const chunk of this.chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    return encodeWav(resample(samples, rate, SampleRate), SampleRate);
  }

  private length(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }
}

/** Linear resampling (the microphone runs at the device's rate, 44.1 or 48 kHz). */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) {
    return samples;
  }
  const out = new Float32Array(Math.floor((samples.length * to) / from));
  const step = from / to;
  for (let i = 0; i < out.length; i++) {
    const at = i * step;
    const low = Math.floor(at);
    const high = Math.min(low + 1, samples.length - 1);
    const a = samples[low] ?? 0;
    const b = samples[high] ?? a;
    out[i] = a + (b - a) * (at - low);
  }
  return out;
}

/** A RIFF WAV file: PCM, 16-bit little-endian, mono. */
export function encodeWav(samples: Float32Array, rate: number): Blob {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(buffer);
  const text = (at: number, value: string) => [...value].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([buffer], { type: "audio/wav" });
}

async function problem(response: Response): Promise<Error> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string };
    return new Error(body.detail ?? body.title ?? `The server answered ${response.status}.`);
  } catch {
    return new Error(`The server answered ${response.status}.`);
  }
}

/** Sends one recorded utterance; the AI's reply arrives in the transcript like any line. */
export async function sendSpeech(meetingId: string, token: string, connectionId: string | null, audio: Blob): Promise<Heard> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, "Content-Type": "audio/wav" };
  if (connectionId !== null) {
    headers["X-Room-Connection"] = connectionId;
  }
  const response = await fetch(`/meet/${meetingId}/speech`, { method: "POST", headers, body: audio });
  if (!response.ok) {
    throw await problem(response);
  }
  return (await response.json()) as Heard;
}

/** Fetches one of the AI participant's lines as synthesised speech and plays it; resolves when it has played. */
export async function playLine(meetingId: string, token: string, sequence: number): Promise<void> {
  const response = await fetch(`/meet/${meetingId}/speech/lines/${sequence}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw await problem(response);
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const audio = new Audio(url);
    await new Promise<void>((resolve, reject) => {
      audio.onended = () => resolve();
      audio.onerror = () => reject(new Error("The AI's answer could not be played."));
      audio.play().catch(reject);
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}
