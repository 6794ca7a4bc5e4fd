using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Reads a request body as one JSON document: checks the content type (415), stops reading past
/// <see cref="MaxBytes"/> (413), and refuses malformed, duplicated or too deeply nested JSON (400).
/// </summary>
/// <remarks>
/// The document is parsed over the request pipe's own buffer, without a copy, and <c>JsonDocument</c> keeps
/// pointing into that buffer. So the caller's reader runs while the buffer is still held, and the buffer goes
/// back to the pipe (whose memory the next request on the server reuses) only after it: a document that outlived
/// <c>AdvanceTo</c> read another request's bytes under load.
/// </remarks>
internal static class JsonBody
{
    /// <summary>The largest body the API reads: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Reads the body and hands its root element to <paramref name="read"/>, which must copy out what it needs (the
    /// element is valid only during the call); on failure returns the problem to answer with instead.
    /// </summary>
    public static Task<(T? Value, BodyProblem? Problem)> ReadAsync<T>(
        HttpRequest request, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        ReadAsync(request, read, static (root, read) => read(root), cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync{T}(HttpRequest, Func{JsonElement, T}, CancellationToken)"/>, with a state for the reader,
    /// so that a static lambda serves every request (no closure per request).
    /// </summary>
    public static async Task<(T? Value, BodyProblem? Problem)> ReadAsync<TState, T>(
        HttpRequest request, TState state, Func<JsonElement, TState, T> read, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (default, Problems.Body(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                "The body must be JSON: Content-Type application/json (or application/merge-patch+json), UTF-8."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (default, TooLarge());
        }

        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                if (buffer.Length > MaxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return (default, TooLarge());
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    try
                    {
                        if (buffer.IsEmpty)
                        {
                            return (default, BadRequest("The request has no body; a JSON object is expected."));
                        }

                        using var document = JsonDocument.Parse(buffer, DocumentOptions);
                        return (read(document.RootElement, state), null);
                    }
                    catch (JsonException ex)
                    {
                        return (default, BadRequest(Describe(ex)));
                    }
                    catch (InvalidOperationException)
                    {
                        // The duplicate-property check unescapes every property name, and a name that escapes
                        // a lone surrogate cannot be unescaped.
                        return (default, BadRequest("The body is not valid JSON text: a property name is not valid Unicode."));
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
            return (default, TooLarge());
        }
        catch (BadHttpRequestException)
        {
            return (default, BadRequest("The request body could not be read."));
        }
    }

    private static BodyProblem TooLarge() =>
        Problems.Body(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {MaxBytes} bytes (1 MiB).");

    private static BodyProblem BadRequest(string detail) => Problems.Body(StatusCodes.Status400BadRequest, "Bad request", detail);

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
