using System.Security.Cryptography;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>
/// Deterministic test content, byte i = (i * 31 + seed) mod 251 (the same rule as storage-compat.js), produced as a
/// forward-only stream so uploads cannot cheat by seeking or asking for the length.
/// </summary>
internal sealed class PatternStream(long length, int seed) : Stream
{
    private long _position;

    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31L + seed) % 251);
        }

        return bytes;
    }

    public static string Sha256(long length, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        using var stream = new PatternStream(length, seed);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<(long Length, string Sha256)> HashAsync(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        // Short reads on purpose: callers must loop, as with a network stream.
        var n = (int)Math.Min(Math.Min(count, 7919), length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = (byte)(((_position + i) * 31 + seed) % 251);
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
