using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>
/// Generates requests that the contract says must be refused, each from its own seeded random source, so case
/// <c>n</c> of seed <c>s</c> is always the same request. Every body is a valid request (with odd but legal noise:
/// SQL text, Unicode, long strings, nested params, existing ids) plus exactly one flaw that makes it invalid, so an
/// answer in 2xx means a flaw got through, and the database must not change.
/// </summary>
internal sealed class FuzzCaseGenerator(int seed, FuzzWorld world)
{
    private const int MiB = 1024 * 1024;

    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] NoiseTexts =
    [
        "'; DROP TABLE profiles; --",
        "1' OR '1'='1",
        "\" OR 1=1 --",
        "Robert'); DELETE FROM models WHERE ''='",
        "x'; UPDATE profiles SET name='pwned' WHERE '1'='1",
        "UNION SELECT * FROM sqlite_master --",
        "<script>alert(1)</script>",
        "../../../etc/passwd",
        "%s%s%n%x {0} ${jndi:ldap://x}",
        "Zürich 東京 🚀 Ελληνικά",
        "\u202Eevil\u202C",
        "ｆｕｌｌｗｉｄｔｈ",
        "null",
        "true",
        "0",
        "   padded   ",
        "a\\b\\c",
        "\"quoted\"",
    ];

    private static readonly string[] BadContentTypes =
    [
        "text/plain", "application/xml", "text/json", "application/jsonx", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "application/json; charset=utf-16", "application/json; charset=iso-8859-1",
        "application/json; charset=utf-32", "json", "application/", "/json", ";;;", "application/json, text/plain",
        "application/octet-stream", "*/*", "application/*", "application/problem+json", "image/png", "text/html; charset=utf-8",
    ];

    /// <summary>Segments for an id in a path; none can name an existing profile or model, or turn into a listing route.</summary>
    private static readonly string[] PathTricks =
    [
        "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "../../../etc/passwd", "..%5C..%5Cwindows", "%2F", "a%2Fb", "%00", "a%00b",
        "%0A", "fz%0A", "fz%0D%0A", "%20", "a%20b", "%C3%A9t%C3%A9", "%E2%80%AE", "'%20OR%20'1'%3D'1", "1%3BDROP%20TABLE%20profiles--",
        "*", "%2A", "~", "a.b", "a:b", "a@b", "%25", "%252e%252e", "%u002e", "%7Bid%7D", "$(id)", "a;b", "%3Cscript%3E",
        "fz%09", "%7F", "%C0%AF", "%FF%FE", "%ED%A0%80", "a/../fz_nx", ".../fz", "..;/fz", "fz/..%2F..", "a%2F..%2F..%2Ffz",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "FOO", "MERGE", "LINK", "PURGE"];

    private readonly int _seed = seed;
    private readonly FuzzWorld _world = world;

    public FuzzCase Generate(int number)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + number));
        var roll = random.Next(100);
        var (kind, flaw, request, expected) = roll switch
        {
            < 28 => ProfileBody(random),
            < 42 => SyncBody(random),
            < 52 => ProfilePath(random),
            < 58 => ModelPath(random),
            < 68 => Query(random),
            < 76 => IfMatch(random),
            < 88 => WrongMethod(random),
            < 93 => UnknownRoute(random),
            _ => ContentType(random),
        };
        return new FuzzCase(number, kind, flaw, request, expected);
    }

    // ---- profile bodies -------------------------------------------------------------------------------------

    private (string, string, RawRequest, int[]) ProfileBody(Random random)
    {
        var method = Pick(random, "POST", "PUT", "PATCH");
        var id = method == "POST" ? null : random.Next(2) == 0 ? Pick(random, _world.ProfileIds) : NewId(random);
        var fields = ValidProfile(random, method, id);
        var (flaw, body, status) = ProfileFlaw(random, method, id, fields);
        var target = id is null ? "/api/profiles" : $"/api/profiles/{id}";
        var contentType = method == "PATCH" && random.Next(2) == 0 ? "application/merge-patch+json" : "application/json";
        return ("profile-body", flaw, Request(random, method, target, body, contentType), [body.Length > MiB ? 413 : status]);
    }

    private static List<(string Key, string Json)> ValidProfile(Random random, string method, string? routeId)
    {
        var fields = new List<(string, string)>();
        if (method == "POST" && random.Next(2) == 0)
        {
            fields.Add(("id", Json(NewId(random))));
        }
        else if (routeId is not null && random.Next(4) == 0)
        {
            fields.Add(("id", Json(routeId)));
        }

        if (method != "PATCH" || random.Next(2) == 0)
        {
            fields.Add(("name", Json(SingleLineNoise(random, 200))));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("model", random.Next(5) == 0 ? "null" : Json(SingleLineNoise(random, 200))));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("provider", Json(SingleLineNoise(random, 200))));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("system_prompt", Json(Noise(random) + "\n\t\u0001 " + new string('p', random.Next(2000)))));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("temperature", Pick(random, "0", "2", "1.5", "0.2e1", "1E-3", "0.0", "2.0", "null")));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("max_tokens", Pick(random, "1", "10000000", "4096", random.Next(1, 10_000_000).ToString(CultureInfo.InvariantCulture), "null")));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("params", ParamsObject(random, random.Next(1, 5))));
        }

        if (random.Next(6) == 0)
        {
            fields.Add(("version", "99"));
        }

        Shuffle(random, fields);
        return fields;
    }

    private static (string Flaw, byte[] Body, int Status) ProfileFlaw(Random random, string method, string? routeId, List<(string Key, string Json)> fields)
    {
        var field = Pick(random, "name", "model", "provider", "system_prompt", "temperature", "max_tokens", "params", "id");
        switch (random.Next(16))
        {
            case 0:
                return ("an unknown field", Object(With(fields, Pick(random, "nmae", "Name", "NAME", "extra", "id ", "", "__proto__", "name\u0000"), "1")), 400);
            case 1:
                return WithDuplicateKey(random, fields);
            case 2:
                return ($"{field} of a wrong type", Object(With(fields, field, WrongType(random, field))), 400);
            case 3:
                return OutOfRange(random, fields);
            case 4:
                return TooLong(random, fields);
            case 5:
            {
                var name = Pick(random, "model", "provider", "name");
                var control = Pick(random, "\u0001", "\u0000", "\n", "\r", "\t", "\u001b[31m", "\u007f", "\u0085", "\u009b");
                return ($"a control character in {name}", Object(With(fields, name, Json("a" + control + "b"))), 400);
            }

            case 6:
            {
                if (method == "PATCH")
                {
                    return ("name: null in a patch", Object(With(fields, "name", "null")), 400);
                }

                return random.Next(2) == 0
                    ? ("no name", Object([.. fields.Where(f => f.Key != "name")]), 400)
                    : ("a blank name", Object(With(fields, "name", Json(Pick(random, "", "   ", "\u3000", " \u00a0 ")))), 400);
            }

            case 7:
            {
                if (method != "POST")
                {
                    var other = NewId(random);
                    return ("an id in the body that is not the URL's", Object(With(fields, "id", Json(other))), 400);
                }

                var bad = Pick(random, "a b", "../x", "x'--", new string('a', 65), "", "fz\n", "fz\u0000", "é", "a/b", "a.b", "%2F", "fz\t");
                return ("an invalid id", Object(With(fields, "id", Json(bad))), 400);
            }

            case 8:
                return ("a body that is not an object", Encoding.UTF8.GetBytes(Pick(random, "[]", "[{\"name\":\"x\"}]", "\"name\"", "1", "null", "true", "{]")), 400);
            case 9:
                return Malformed(random, Object(fields));
            case 10:
                return Nested(random, fields);
            case 11:
                return InvalidUtf8(random, fields, "name");
            case 12:
            {
                var target = Pick(random, "name", "model", "provider", "system_prompt");
                return ($"{target} escaping a lone surrogate", Object(With(fields, target, Pick(random, "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\u0041\""))), 400);
            }

            case 13:
                return ("params escaping a lone surrogate", Object(With(fields, "params", Pick(random, "{\"\\ud800\":1}", "{\"k\":\"\\udfff\"}", "{\"k\":[\"\\ud800x\"]}"))), 400);
            case 14:
                return random.Next(20) == 0
                    ? ("a body over 1 MiB", Object(With(fields, "system_prompt", Json(new string('x', MiB + random.Next(1, 4096))))), 413)
                    : ("an empty body", [], 400);
            default:
                return ("params too large", Object(With(fields, "params", "{\"big\":" + Json(new string('q', (64 * 1024) + random.Next(1, 5000))) + "}")), 400);
        }
    }

    private static (string, byte[], int) WithDuplicateKey(Random random, List<(string Key, string Json)> fields)
    {
        var key = fields.Count > 0 ? Pick(random, fields).Key : "name";
        var value = fields.FirstOrDefault(f => f.Key == key).Json ?? "\"x\"";
        var spelled = random.Next(3) == 0 ? Escaped(key) : key;
        var duplicated = new List<(string, string)>(fields.Where(f => f.Key != key)) { (key, value), (spelled, value) };
        if (random.Next(3) == 0)
        {
            return ("a duplicate key in params", Object(With(fields, "params", "{\"k\":1,\"k\":1}")), 400);
        }

        return ($"the key {key} twice", Object(duplicated), 400);
    }

    private static string Escaped(string key) => string.Concat(key.Select(c => c == '_' ? "_" : $"\\u{(int)c:x4}"));

    private static string WrongType(Random random, string field) => field switch
    {
        "name" or "model" or "provider" or "system_prompt" or "id" => Pick(random, "5", "true", "false", "[]", "{}", "[\"x\"]", "{\"a\":1}", "1.5", "-0"),
        "temperature" => Pick(random, "\"0.5\"", "true", "[]", "{}", "\"\"", "\"NaN\"", "[1]"),
        "max_tokens" => Pick(random, "1.5", "\"5\"", "true", "[]", "{}", "1e400", "1.0e3", "12.0", "\"\""),
        _ => Pick(random, "[]", "\"x\"", "5", "true", "[{}]", "\"{}\""),
    };

    private static (string, byte[], int) OutOfRange(Random random, List<(string Key, string Json)> fields) => random.Next(2) == 0
        ? ("temperature out of range", Object(With(fields, "temperature", Pick(random, "2.0000001", "-0.001", "1e309", "-1e-320", "3", "-1", "1e2", "2.00000000000001"))), 400)
        : ("max_tokens out of range", Object(With(fields, "max_tokens", Pick(random, "0", "-1", "10000001", "9223372036854775808", "-9223372036854775809", "2147483648", "100000000000000000000"))), 400);

    private static (string, byte[], int) TooLong(Random random, List<(string Key, string Json)> fields)
    {
        var field = Pick(random, "name", "model", "provider", "system_prompt");
        var limit = field == "system_prompt" ? 100_000 : 200;
        var length = limit + 1 + random.Next(limit == 200 ? 5000 : 20_000);
        var fill = random.Next(2) == 0 ? new string('x', length) : string.Concat(Enumerable.Repeat("😀", length));
        return ($"{field} of {length} characters", Object(With(fields, field, Json(fill))), 400);
    }

    private static (string, byte[], int) Malformed(Random random, byte[] valid)
    {
        switch (random.Next(9))
        {
            case 0:
            {
                var cut = random.Next(1, valid.Length);
                return ($"the body cut after {cut} of {valid.Length} bytes", valid[..cut], 400);
            }

            case 1:
                return ("a trailing comma", Splice(valid, valid.Length - 1, ","u8), 400);
            case 2:
                return ("trailing text", [.. valid, .. Encoding.UTF8.GetBytes(Pick(random, " x", " {}", "}", "]", " // c", ";", "\u0000"))], 400);
            case 3:
                return ("single quotes", valid.Contains((byte)'"') ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace('"', '\'')) : "{'name':'x'}"u8.ToArray(), 400);
            case 4:
                return ("a comment", Splice(valid, 1, "/* c */"u8), 400);
            case 5:
                return ("NaN or Infinity", Splice(valid, 1, Encoding.UTF8.GetBytes(Pick(random, "\"temperature\":NaN,", "\"temperature\":Infinity,", "\"max_tokens\":-Infinity,", "\"temperature\":.5,", "\"max_tokens\":01,", "\"temperature\":+1,"))), 400);
            case 6:
                return ("a raw control character in a string", Splice(valid, 1, Encoding.UTF8.GetBytes("\"name\":\"a" + (char)random.Next(0, 32) + "b\",")), 400);
            case 7:
                return ("unquoted or broken keys", Splice(valid, 1, Encoding.UTF8.GetBytes(Pick(random, "name:\"x\",", "\"name\" \"x\",", "\"name\"::\"x\",", "\"name\":,", ",", "\"a\":\"\\x41\","))), 400);
            default:
                return ("two documents", [.. valid, .. valid], 400);
        }
    }

    private static (string, byte[], int) Nested(Random random, List<(string Key, string Json)> fields)
    {
        var depth = random.Next(65, random.Next(2) == 0 ? 200 : 20_000);
        var array = random.Next(2) == 0;
        var json = array
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var where = random.Next(2) == 0 ? "params" : "name";
        var value = where == "params" && array ? "{\"n\":" + json + "}" : json;
        return ($"{(array ? "arrays" : "objects")} nested {depth} deep in {where}", Object(With(fields, where, value)), 400);
    }

    private static (string, byte[], int) InvalidUtf8(Random random, List<(string Key, string Json)> fields, string defaultField)
    {
        byte[][] sequences =
        [
            [0xFF], [0xFE], [0xC0, 0xAF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82],
            [0xF4, 0x90, 0x80, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0xAF],
        ];
        var bytes = Pick(random, sequences);
        var inKey = random.Next(4) == 0;
        var marker = "ZQXJMARKZQXJ";
        var body = inKey
            ? Object([.. fields, ("k" + marker, "1")])
            : Object(With(fields, defaultField, Json("a" + marker + "b")));
        var markerBytes = Encoding.UTF8.GetBytes(marker);
        var at = body.AsSpan().IndexOf(markerBytes);
        var result = new byte[body.Length - markerBytes.Length + bytes.Length];
        body.AsSpan(0, at).CopyTo(result);
        bytes.CopyTo(result, at);
        body.AsSpan(at + markerBytes.Length).CopyTo(result.AsSpan(at + bytes.Length));
        return ($"invalid UTF-8 ({Convert.ToHexString(bytes)}) in a {(inKey ? "key" : "string")}", result, 400);
    }

    // ---- model sync bodies ----------------------------------------------------------------------------------

    private (string, string, RawRequest, int[]) SyncBody(Random random)
    {
        var models = Enumerable.Range(0, random.Next(0, 6)).Select(_ => ValidModel(random)).ToList();
        var fields = new List<(string Key, string Json)>
        {
            ("provider", Json(random.Next(3) == 0 ? _world.Provider.ToUpperInvariant() : _world.Provider)),
            ("models", "[" + string.Join(',', models.Select(m => Encoding.UTF8.GetString(Object(m)))) + "]"),
        };
        if (random.Next(2) == 0)
        {
            fields.Add(("prune", "true"));
        }

        Shuffle(random, fields);
        var (flaw, body, status) = SyncFlaw(random, fields, models);
        return ("sync-body", flaw, Request(random, "POST", "/api/models/sync", body, "application/json"), [body.Length > MiB ? 413 : status]);
    }

    private List<(string Key, string Json)> ValidModel(Random random)
    {
        var id = random.Next(3) == 0 ? Pick(random, _world.ModelIds) : "fz-" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
        var fields = new List<(string, string)> { ("id", Json(id)), ("name", Json(SingleLineNoise(random, 200))) };
        if (random.Next(2) == 0)
        {
            fields.Add(("context_window", Pick(random, "1", "128000", "null", "9007199254740991")));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("capabilities", Pick(random, "[]", "null", "[\"chat\",\"CHAT\",\"tools\"]", "[\"vision\",\"a.b-c_d\"]")));
        }

        if (random.Next(2) == 0)
        {
            fields.Add(("enabled", Pick(random, "true", "false")));
        }

        if (random.Next(5) == 0)
        {
            fields.Add(("synced_at", Json("2000-01-01T00:00:00Z")));
        }

        return fields;
    }

    private (string, byte[], int) SyncFlaw(Random random, List<(string Key, string Json)> fields, List<List<(string Key, string Json)>> models)
    {
        string ModelsWith(List<(string Key, string Json)> bad)
        {
            var all = models.Select(m => Encoding.UTF8.GetString(Object(m))).ToList();
            all.Insert(random.Next(all.Count + 1), Encoding.UTF8.GetString(Object(bad)));
            return "[" + string.Join(',', all) + "]";
        }

        var model = ValidModel(random);
        switch (random.Next(15))
        {
            case 0:
                return ("no provider", Object([.. fields.Where(f => f.Key != "provider")]), 400);
            case 1:
                return ("an invalid provider", Object(With(fields, "provider", Pick(random, "\"a b\"", "\"\"", Json(new string('p', 201)), "5", "null", "\"fz\\n\"", "\"fz\\u0000\"", "\"é\"", "\"a'--\"", "[]"))), 400);
            case 2:
                return ("models not an array", Object(random.Next(3) == 0 ? [.. fields.Where(f => f.Key != "models")] : With(fields, "models", Pick(random, "{}", "null", "\"[]\"", "5", "{\"id\":\"x\"}"))), 400);
            case 3:
            {
                var count = 10_001 + random.Next(50);
                return ($"{count} models", Object(With(fields, "models", "[" + string.Join(',', Enumerable.Range(0, count).Select(i => $"{{\"id\":\"fz{i}\",\"name\":\"n\"}}")) + "]")), 400);
            }

            case 4:
                return ("a model that is not an object", Object(With(fields, "models", "[" + Pick(random, "1", "\"x\"", "null", "[]", "true") + "]")), 400);
            case 5:
                return ("a model with an invalid id", Object(With(fields, "models", ModelsWith(With(model, "id", Pick(random, "\"a b\"", "\"\"", Json(new string('m', 201)), "5", "null", "\"m\\n\"", "\"m?x\"", "\"m#x\"", "\"m%2Fx\"", "\"m\\\\x\""))))), 400);
            case 6:
            {
                var missing = Pick(random, "id", "name");
                return ($"a model without {missing}", Object(With(fields, "models", ModelsWith([.. model.Where(f => f.Key != missing)]))), 400);
            }
            case 7:
            {
                var first = Object(model);
                return ("the same model id twice", Object(With(fields, "models", "[" + Encoding.UTF8.GetString(first) + "," + Encoding.UTF8.GetString(first) + "]")), 400);
            }

            case 8:
                return ("a model with a bad name", Object(With(fields, "models", ModelsWith(With(model, "name", Pick(random, "\"\"", "\"  \"", "5", "null", "\"a\\u0001b\"", "\"a\\nb\"", Json(new string('n', 201)), "\"\\ud800\""))))), 400);
            case 9:
                return ("a bad context_window", Object(With(fields, "models", ModelsWith(With(model, "context_window", Pick(random, "0", "-1", "1.5", "\"128000\"", "true", "1e400", "9223372036854775808"))))), 400);
            case 10:
                return ("bad capabilities", Object(With(fields, "models", ModelsWith(With(model, "capabilities", Pick(random,
                    "\"chat\"", "[\"has space\"]", "[\"\"]", "[\"-x\"]", "[5]", "[null]", "[\"chat\\n\"]", "[\"a'b\"]", "{}",
                    Json(Enumerable.Range(0, 65).Select(i => $"c{i}").ToArray()), "[" + Json(new string('c', 65)) + "]", "[\"\\ud800\"]"))))), 400);
            case 11:
                return ("a bad enabled or prune", random.Next(2) == 0
                    ? Object(With(fields, "models", ModelsWith(With(model, "enabled", Pick(random, "\"true\"", "1", "0", "null", "\"yes\"")))))
                    : Object(With(fields, "prune", Pick(random, "\"true\"", "1", "null", "\"false\"", "[]"))), 400);
            case 12:
                return ("an unknown field", random.Next(2) == 0
                    ? Object(With(fields, Pick(random, "providers", "Prune", "model", "extra"), "1"))
                    : Object(With(fields, "models", ModelsWith(With(model, Pick(random, "ID", "Name", "contextWindow", "capability", "x"), "1")))), 400);
            case 13:
                return random.Next(2) == 0 ? WithDuplicateKey(random, fields) : Malformed(random, Object(fields));
            default:
                return random.Next(3) switch
                {
                    0 => Nested(random, fields),
                    1 => InvalidUtf8(random, fields, "provider"),
                    _ => random.Next(10) == 0
                        ? ("a body over 1 MiB", Object(With(fields, "models", "[" + string.Join(',', Enumerable.Range(0, 9000).Select(i => $"{{\"id\":\"fz{i}\",\"name\":\"{new string('n', 120)}\"}}")) + "]")), 413)
                        : ("a body that is not an object", "[]"u8.ToArray(), 400),
                };
        }
    }

    // ---- paths, queries, headers, methods -------------------------------------------------------------------

    private static (string, string, RawRequest, int[]) ProfilePath(Random random)
    {
        var trick = random.Next(6) == 0 ? LongId(random) : Pick(random, PathTricks);
        var method = Pick(random, "GET", "PUT", "PATCH", "DELETE");
        var body = method is "PUT" or "PATCH" ? Object(ValidProfile(random, "PUT", null)) : null;
        return ("profile-path", $"the id {Shorten(trick)}", Request(random, method, $"/api/profiles/{trick}", body, "application/json"), [400, 404, 405]);
    }

    private (string, string, RawRequest, int[]) ModelPath(Random random)
    {
        var provider = random.Next(2) == 0 ? _world.Provider : Pick(random, PathTricks);
        // A last segment of dots would climb to the listing route, /api/models, which answers 200.
        var id = provider == _world.Provider || random.Next(2) == 0
            ? (random.Next(5) == 0 ? LongId(random) : Pick(random, PathTricks.Where(t => t is not (".." or "%2e%2e")).ToArray()))
            : Pick(random, _world.ModelIds);
        return ("model-path", $"the model {Shorten(provider)}/{Shorten(id)}", Request(random, "GET", $"/api/models/{provider}/{id}", null, null), [400, 404]);
    }

    private (string, string, RawRequest, int[]) Query(Random random)
    {
        if (random.Next(2) == 0)
        {
            var (name, value) = random.Next(3) switch
            {
                0 => ("limit", Pick(random, "", "abc", "0", "1001", "-1", "1e3", "1.5", "99999999999", "0x10", "%00", "1%00", "NaN", "1%2C2", "%EF%BC%91", "1;DROP")),
                1 => ("offset", Pick(random, "-1", "abc", "", "1.5", "99999999999", "%00", "1e2", "-2147483649")),
                _ => ("limit", "1&limit=2"),
            };
            var extra = random.Next(2) == 0 ? (name == "limit" ? "&offset=0" : "&limit=5") : string.Empty;
            return ("query", $"{name}={value}", Request(random, "GET", $"/api/profiles?{name}={value}{extra}", null, null), [400]);
        }

        var filter = random.Next(5) switch
        {
            0 => "provider=" + Pick(random, "a%20b", "", new string('p', 201), "%00", "x'--", "%3Cscript%3E", "fz%0A", "a%3Fb", "%C3%A9"),
            1 => "capability=" + Pick(random, "", "Has%20Space", "-x", new string('c', 65), "%00", "a'b", "chat%0A", "%2Fx"),
            2 => "enabled=" + Pick(random, "yes", "1", "", "maybe", "tru", "null", "%00"),
            3 => "q=" + new string('q', 201 + random.Next(1000)),
            _ => Pick(random, "provider=a&provider=b", "enabled=true&enabled=false", "q=a&q=b", "capability=chat&capability=chat"),
        };
        var valid = random.Next(2) == 0 ? $"&provider={_world.Provider}" : string.Empty;
        if (filter.StartsWith("provider=", StringComparison.Ordinal))
        {
            valid = string.Empty;
        }

        return ("query", filter.Length > 60 ? filter[..60] + "…" : filter, Request(random, "GET", $"/api/models?{filter}{valid}", null, null), [400]);
    }

    private (string, string, RawRequest, int[]) IfMatch(Random random)
    {
        var id = Pick(random, _world.ProfileIds);
        var method = Pick(random, "PUT", "PATCH", "DELETE");
        var body = method == "DELETE" ? null : Object(ValidProfile(random, method, id));
        var stale = random.Next(2) == 0;
        var value = stale
            ? Pick(random, "\"2\"", "\"0\"", "W/\"1\"", "\"99999999999999999999\"", "\"-1\"", "\"1.0\"", "\"\"", "\"2\", \"3\"", "\"x\"", "W/\"1\", \"2\"")
            : Pick(random, "1", "\"1", "'1'", "\"1\" \"2\"", ",", "W/1", "*, \"1\"x", "\"1\"; q=1");
        var headers = new List<(string, string)> { ("If-Match", value) };
        var request = Request(random, method, $"/api/profiles/{id}", body, "application/json", headers);
        return ("if-match", $"If-Match: {value}", request, stale ? [412] : [400]);
    }

    private (string, string, RawRequest, int[]) WrongMethod(Random random)
    {
        var id = Pick(random, _world.ProfileIds);
        var model = $"/api/models/{_world.Provider}/{Pick(random, _world.ModelIds)}";
        (string Path, string[] Allowed)[] routes =
        [
            ("/api/profiles", ["GET", "POST"]),
            ($"/api/profiles/{id}", ["GET", "PUT", "PATCH", "DELETE"]),
            ("/api/models", ["GET"]),
            (model, ["GET"]),
            ("/api/models/sync", ["POST", "GET"]),
            ("/api/cache/stats", ["GET"]),
            ("/api/cache/clear", ["POST"]),
            ("/api/cache/clear/profiles", ["POST"]),
            ("/api/cache/clear/models", ["POST"]),
            ("/openapi/v1.json", ["GET"]),
            ("/health/live", ["GET", "HEAD"]),
            ("/health/ready", ["GET", "HEAD"]),
            ("/metrics", ["GET", "HEAD"]),
        ];
        var (path, allowed) = Pick(random, routes);
        var methods = Methods.Where(m => !allowed.Contains(m)).ToArray();
        var method = Pick(random, methods);
        var body = random.Next(2) == 0 && method != "GET" ? Object(ValidProfile(random, "POST", null)) : null;
        var expected = path == "/api/models/sync" ? new[] { 400, 405 } : [405];
        return ("method", $"{method} {path}", Request(random, method, path, body, "application/json"), expected);
    }

    private static (string, string, RawRequest, int[]) UnknownRoute(Random random)
    {
        var path = Pick(random,
            "/api", "/api/", "/api/nope", "/api/profile", "/api/profiles/a/b", "/api/profiles/a/b/c", "/api/cache", "/api/cache/clear/all",
            "/api/cache/stats/x", "/api//profiles", "/api/models/sync/x/../../..", "/health", "/health/x", "/openapi",
            "/.env", "/admin", "/api/profiles%2F", "/%2e%2e/%2e%2e/etc/passwd", "/api/../../etc/passwd", "/dashboard", "/metrics/x", "/favicon.ico",
            "/api/cache/clear%2Fprofiles", "/api%00/profiles", "/API/nope");
        var method = Pick(random, "GET", "POST", "PUT", "DELETE");
        var body = method is "POST" or "PUT" ? Object(ValidProfile(random, "POST", null)) : null;
        return ("route", $"{method} {path}", Request(random, method, path, body, "application/json"), [404, 405]);
    }

    private (string, string, RawRequest, int[]) ContentType(Random random)
    {
        var sync = random.Next(3) == 0;
        var method = sync ? "POST" : Pick(random, "POST", "PUT", "PATCH");
        var id = method == "POST" ? null : Pick(random, _world.ProfileIds);
        var body = sync
            ? Object([("provider", Json(_world.Provider)), ("models", "[{\"id\":\"fz-ct\",\"name\":\"n\"}]"), ("prune", "true")])
            : Object(ValidProfile(random, method, id));
        var target = sync ? "/api/models/sync" : id is null ? "/api/profiles" : $"/api/profiles/{id}";
        var contentType = random.Next(8) == 0 ? null : Pick(random, BadContentTypes);
        var headers = new List<(string, string)>();
        if (contentType is not null && random.Next(6) == 0)
        {
            // Two Content-Type headers: one good, one not.
            headers.Add(("Content-Type", "application/json"));
        }

        var request = Request(random, method, target, body, contentType, headers);
        return ("content-type", $"Content-Type: {contentType ?? "(none)"}{(headers.Count > 0 ? " twice" : string.Empty)}", request, [415]);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static RawRequest Request(
        Random random, string method, string target, byte[]? body, string? contentType, List<(string, string)>? headers = null)
    {
        headers ??= [];
        if (body is not null && contentType is not null)
        {
            headers.Add(("Content-Type", contentType));
        }

        // Headers that must change nothing.
        switch (random.Next(8))
        {
            case 0:
                // Media types that do not admit JSON too: errors are problem+json whatever the client accepts.
                headers.Add(("Accept", Pick(
                    random, "*/*", "application/json", "application/*", "application/problem+json", "text/html, application/json;q=0.5",
                    "text/html", "text/plain", "image/png", "application/xml")));
                break;
            case 1:
                headers.Add(("X-Forwarded-For", "127.0.0.1, 10.0.0.1"));
                break;
            case 2:
                headers.Add(("X-Api-Key", "not-configured-" + random.Next(1000).ToString(CultureInfo.InvariantCulture)));
                break;
            case 3:
                headers.Add(("User-Agent", new string('u', random.Next(1, 4000))));
                break;
            case 4:
                headers.Add(("Cookie", "session='; DROP TABLE profiles; --"));
                break;
            default:
                break;
        }

        return new RawRequest(method, target, headers, body, Chunked: body is not null && random.Next(5) == 0);
    }

    private static byte[] Object(IEnumerable<(string Key, string Json)> fields) =>
        Encoding.UTF8.GetBytes("{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":{f.Json}")) + "}");

    private static List<(string Key, string Json)> With(List<(string Key, string Json)> fields, string key, string json)
    {
        var changed = fields.Where(f => f.Key != key).ToList();
        changed.Insert(changed.Count == 0 ? 0 : key.Length % (changed.Count + 1), (key, json));
        return changed;
    }

    private static byte[] Splice(byte[] body, int at, ReadOnlySpan<byte> insert) => [.. body.AsSpan(0, at), .. insert, .. body.AsSpan(at)];

    private static string Json(object value) => JsonSerializer.Serialize(value, RawUnicode);

    private static string Noise(Random random) => Pick(random, NoiseTexts);

    /// <summary>Noise that is a valid single-line field of at most <paramref name="max"/> characters, not blank.</summary>
    private static string SingleLineNoise(Random random, int max)
    {
        var text = random.Next(4) == 0 ? new string('L', random.Next(1, max + 1)) : Noise(random);
        return text.EnumerateRunes().Count() > max ? text[..max] : text;
    }

    private static string ParamsObject(Random random, int depth)
    {
        var members = Enumerable.Range(0, random.Next(1, 4)).Select(i =>
        {
            var value = depth > 1 && random.Next(2) == 0
                ? ParamsObject(random, depth - 1)
                : Pick(random, "0.9", "null", "true", "[1,2,3]", Json(Noise(random)), "-1e-7", "\"\"");
            return $"{Json(Noise(random) + i.ToString(CultureInfo.InvariantCulture))}:{value}";
        });
        return "{" + string.Join(',', members) + "}";
    }

    private static string NewId(Random random) => "fz_" + random.NextInt64().ToString("x", CultureInfo.InvariantCulture);

    private static string LongId(Random random) => new('a', random.Next(65, 4000));

    private static string Shorten(string text) => text.Length > 40 ? $"{text[..20]}…({text.Length} chars)" : text;

    private static T Pick<T>(Random random, params IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
