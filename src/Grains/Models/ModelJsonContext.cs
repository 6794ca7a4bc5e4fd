using System.Text.Json.Serialization;

namespace OrleansCache.Models;

/// <summary>Source-generated JSON for the arrays the model store writes into SQL parameters.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
