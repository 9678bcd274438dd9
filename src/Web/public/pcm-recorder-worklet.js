// The meeting room's microphone tap (an AudioWorklet processor): hands every block of the first input channel to the
// page, which keeps them until the speaker stops and then encodes 16 kHz mono PCM WAV (src/meet/voice.ts).
class PcmRecorder extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length > 0) {
      this.port.postMessage(channel.slice(0));
    }
    return true;
  }
}

registerProcessor("pcm-recorder", PcmRecorder);
