using System.Diagnostics;
using AiScheduler.Emulators.Calls;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Recordings;

/// <summary>
/// Turns a transcript into 16 kHz mono audio: espeak-ng speech when it is installed (agent and callee in different
/// voices), otherwise silence as long as the words would take to say, so downstream code always gets a real WAV.
/// </summary>
internal sealed class SpeechRenderer(bool renderSpeech, ILogger logger)
{
    private static readonly Lazy<string?> Espeak = new(() => FindOnPath("espeak-ng"));
    private static readonly Lazy<string?> Sox = new(() => FindOnPath("sox"));

    public bool SpeaksAloud => renderSpeech && Espeak.Value is not null;

    public async Task<byte[]> RenderAsync(IReadOnlyList<TranscriptLine> lines, string language, CancellationToken ct)
    {
        var pause = new short[WavFile.RecordingSampleRate * 3 / 10];
        var audio = new List<short>();
        foreach (var line in lines.Where(l => l.Speaker != Speaker.System))
        {
            var samples = SpeaksAloud ? await SpeakAsync(line.Text, language, line.Speaker, ct) : null;
            audio.AddRange(samples ?? new short[SilentLength(line.Text)]);
            audio.AddRange(pause);
        }

        return WavFile.Write(audio.ToArray());
    }

    private static int SilentLength(string text) => WavFile.RecordingSampleRate * Math.Max(1, text.Length) / 15;

    private async Task<short[]?> SpeakAsync(string text, string language, Speaker speaker, CancellationToken ct)
    {
        var voice = EspeakVoice(language) + (speaker == Speaker.Callee ? "+m3" : "+f3");
        try
        {
            var wav = await RunAsync(Espeak.Value!, ["-v", voice, "--stdout", text], null, ct);
            if (Sox.Value is not null)
            {
                wav = await RunAsync(Sox.Value, ["-t", "wav", "-", "-t", "wav", "-r", "16000", "-c", "1", "-b", "16", "-"], wav, ct);
            }

            var (samples, rate) = WavFile.Read(wav);
            return WavFile.Resample(samples, rate, WavFile.RecordingSampleRate);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            Log.SpeechRenderingFailed(logger, e.Message);
            return null;
        }
    }

    private static string EspeakVoice(string language)
    {
        // espeak-ng names most voices by language only; en-US is the one regional variant worth keeping.
        var lower = language.ToLowerInvariant();
        return lower.StartsWith("en-us", StringComparison.Ordinal) ? "en-us" : lower.Split('-')[0];
    }

    private static async Task<byte[]> RunAsync(string file, string[] arguments, byte[]? input, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = input is not null,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, ct);
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input, ct);
            process.StandardInput.Close();
        }

        await copy;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr}");
        }

        return output.ToArray();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
