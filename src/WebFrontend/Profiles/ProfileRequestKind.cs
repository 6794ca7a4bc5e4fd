using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>What a profile body is for: which fields are required and what <c>id</c> may say.</summary>
internal enum ProfileRequestKind
{
    Create,
    Replace,
    Patch,
}
