using System.Text.Json;
using OrleansCache.Profiles;

namespace OrleansCache.Grains.Tests.Profiles;

public sealed class ProfileJsonTests
{
    [Fact]
    public void Serialize_writes_every_contract_field_in_snake_case_and_reads_back_the_same_profile()
    {
        var profile = new Profile(
            "p_1",
            new ProfileFields("Café ✓", "gpt-4o", null, "Line\n\"quoted\"", 0.25, 4096, """{"top_p":0.9,"stop":["\n"]}"""),
            "2026-11-24T10:00:00.000Z",
            "2026-11-24T10:00:01.500Z",
            3);

        var json = ProfileJson.Serialize(profile);

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name);
        Assert.Equal(
            ["id", "name", "model", "provider", "system_prompt", "temperature", "max_tokens", "params", "created_at", "updated_at", "version"],
            names);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("provider").ValueKind);
        Assert.Equal(0.9, document.RootElement.GetProperty("params").GetProperty("top_p").GetDouble());
        Assert.Equal(profile, ProfileJson.Deserialize(json));
    }

    [Fact]
    public void Timestamps_are_utc_with_milliseconds_and_fixed_width()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(2));
        Assert.Equal("2026-01-02T01:04:05.006Z", Profile.FormatTimestamp(time));
    }
}
