using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiScheduler.Functions.Tests.Email;

/// <summary>
/// A small, strict MIME reader for tests, independent of the MimeKit that writes the messages: headers with unfolding
/// and RFC 2047 decoding (UTF-8, B or Q), Content-Type parameters, multipart bodies split on their boundary, base64 and
/// quoted-printable decoding. It expects CRLF line ends, which the tests assert separately.
/// </summary>
internal sealed partial class MimeEntity
{
    private MimeEntity(List<KeyValuePair<string, string>> headers, string body)
    {
        Headers = headers;
        Body = body;
        var (mediaType, parameters) = ParseContentType(Header("Content-Type") ?? "text/plain; charset=us-ascii");
        MediaType = mediaType;
        Parameters = parameters;
        if (MediaType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            Parts = SplitMultipart(body, Parameters["boundary"]).Select(Parse).ToList();
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The raw body text, still transfer-encoded.</summary>
    public string Body { get; }

    public string MediaType { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public IReadOnlyList<MimeEntity> Parts { get; } = [];

    public static MimeEntity Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerBlock = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 4)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in headerBlock.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                // Unfolding removes the CRLF and keeps the whitespace that follows it.
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"Not a header line: '{line}'");
            headers.Add(new(line[..colon], line[(colon + 1)..].TrimStart()));
        }

        return new MimeEntity(headers, body);
    }

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>A header with RFC 2047 encoded words decoded.</summary>
    public string? DecodedHeader(string name) => Header(name) is { } value ? DecodeWords(value) : null;

    public byte[] DecodedBytes() =>
        (Header("Content-Transfer-Encoding") ?? "7bit").ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(Body.Replace("\r\n", string.Empty, StringComparison.Ordinal)),
            "quoted-printable" => DecodeQuotedPrintable(Body),
            _ => Encoding.ASCII.GetBytes(Body),
        };

    public string DecodedText() => Encoding.UTF8.GetString(DecodedBytes());

    public static string DecodeWords(string value)
    {
        // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
        var joined = BetweenWords().Replace(value, "?==?");
        return EncodedWord().Replace(joined, match =>
        {
            Assert.Equal("UTF-8", match.Groups["charset"].Value, ignoreCase: true);
            var text = match.Groups["text"].Value;
            return Encoding.UTF8.GetString(string.Equals(match.Groups["encoding"].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(text)
                : DecodeQuotedPrintable(text.Replace('_', ' ')));
        });
    }

    private static byte[] DecodeQuotedPrintable(string body)
    {
        var text = body.Replace("=\r\n", string.Empty, StringComparison.Ordinal);
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=')
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                Assert.True(text[i] < 128, "quoted-printable text must be ASCII");
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }

    private static (string MediaType, Dictionary<string, string> Parameters) ParseContentType(string value)
    {
        var pieces = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var piece in pieces.Skip(1))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            parameters[piece[..equals].Trim()] = piece[(equals + 1)..].Trim().Trim('"');
        }

        return (pieces[0].ToLowerInvariant(), parameters);
    }

    private static IEnumerable<string> SplitMultipart(string body, string boundary)
    {
        var lines = body.Split("\r\n");
        List<string>? current = null;
        var closed = false;
        foreach (var line in lines)
        {
            if (line == "--" + boundary)
            {
                if (current is not null)
                {
                    yield return string.Join("\r\n", current);
                }

                current = [];
            }
            else if (line == "--" + boundary + "--")
            {
                Assert.NotNull(current);
                yield return string.Join("\r\n", current);
                closed = true;
                break;
            }
            else
            {
                current?.Add(line);
            }
        }

        Assert.True(closed, $"multipart body with boundary '{boundary}' is not closed");
    }

    [GeneratedRegex(@"\?=[ \t]+=\?")]
    private static partial Regex BetweenWords();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<encoding>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
