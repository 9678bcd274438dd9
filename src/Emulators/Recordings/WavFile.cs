using System.Buffers.Binary;
using System.Text;

namespace AiScheduler.Emulators.Recordings;

/// <summary>16-bit PCM RIFF/WAVE reading and writing; recordings are 16 kHz mono like ACS's WAV recordings.</summary>
public static class WavFile
{
    public const int RecordingSampleRate = 16000;

    public static byte[] Write(ReadOnlySpan<short> samples, int sampleRate = RecordingSampleRate)
    {
        var dataBytes = samples.Length * 2;
        var buffer = new byte[44 + dataBytes];
        var span = buffer.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span[0..4]);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..8], 36 + dataBytes);
        Encoding.ASCII.GetBytes("WAVE", span[8..12]);
        Encoding.ASCII.GetBytes("fmt ", span[12..16]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..20], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..22], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..24], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..28], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..32], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..34], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..36], 16);
        Encoding.ASCII.GetBytes("data", span[36..40]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..44], dataBytes);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span.Slice(44 + (i * 2), 2), samples[i]);
        }

        return buffer;
    }

    /// <summary>Reads 16-bit PCM (first channel when several); tolerates the unknown sizes espeak-ng writes to a pipe.</summary>
    public static (short[] Samples, int SampleRate) Read(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav[0..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            throw new FormatException("Not a RIFF/WAVE file.");
        }

        int sampleRate = 0, channels = 1, bits = 16;
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var id = wav.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(offset + 4, 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(wav.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(wav.Slice(body + 14, 2));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (bits != 16 || sampleRate <= 0)
                {
                    throw new FormatException("Only 16-bit PCM WAV is supported.");
                }

                var length = size <= 0 || body + size > wav.Length ? wav.Length - body : size;
                var frames = length / (2 * channels);
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(wav.Slice(body + (i * 2 * channels), 2));
                }

                return (samples, sampleRate);
            }

            offset = body + Math.Max(size, 0) + (size & 1);
        }

        throw new FormatException("WAV file has no data chunk.");
    }

    /// <summary>Linear-interpolation resampling: good enough for speech that is only listened to.</summary>
    public static short[] Resample(short[] samples, int fromRate, int toRate)
    {
        if (fromRate == toRate || samples.Length == 0)
        {
            return samples;
        }

        var length = (int)((long)samples.Length * toRate / fromRate);
        var result = new short[length];
        for (var i = 0; i < length; i++)
        {
            var position = (double)i * fromRate / toRate;
            var index = (int)position;
            var fraction = position - index;
            var a = samples[Math.Min(index, samples.Length - 1)];
            var b = samples[Math.Min(index + 1, samples.Length - 1)];
            result[i] = (short)Math.Round(a + ((b - a) * fraction));
        }

        return result;
    }
}
