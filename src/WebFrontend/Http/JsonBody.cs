using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Reads a request body as one JSON document: checks the content type (415), stops reading past
/// <see cref="MaxBytes"/> (413), and refuses malformed, duplicated or too deeply nested JSON (400).
/// </summary>
internal static class JsonBody
{
    /// <summary>The largest body the API reads: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads the body; on failure returns the problem to answer with instead.</summary>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType(
                "The body must be JSON: Content-Type application/json (or application/merge-patch+json), UTF-8."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                if (buffer.Length > MaxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return (null, TooLarge());
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    try
                    {
                        return buffer.IsEmpty
                            ? (null, Problems.BadRequest("The request has no body; a JSON object is expected."))
                            : (JsonDocument.Parse(buffer, DocumentOptions), null);
                    }
                    catch (JsonException ex)
                    {
                        return (null, Problems.BadRequest(Describe(ex)));
                    }
                    catch (InvalidOperationException)
                    {
                        // The duplicate-property check unescapes every property name, and a name that escapes
                        // a lone surrogate cannot be unescaped.
                        return (null, Problems.BadRequest("The body is not valid JSON text: a property name is not valid Unicode."));
                    }
                    finally
                    {
                        reader.AdvanceTo(buffer.End);
                    }
                }

                // Keep everything read so far and wait for more.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.BadRequest("The request body could not be read."));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.PayloadTooLarge($"The body is larger than {MaxBytes} bytes (1 MiB).");

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charset = mediaType.Charset;
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase);
    }

    // JsonException messages name the position but never echo the input.
    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line
            ? $"The body is not valid JSON (line {line + 1}, byte {ex.BytePositionInLine + 1})."
            : "The body is not valid JSON.";
}
