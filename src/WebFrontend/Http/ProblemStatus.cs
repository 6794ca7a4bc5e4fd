namespace OrleansCache.WebFrontend.Http;

/// <summary>The status codes of the API's problems, as types, so that a handler's result type names its answers.</summary>
internal static class ProblemStatus
{
    public sealed class BadRequest : IProblemStatus
    {
        public static int Code => StatusCodes.Status400BadRequest;

        public static string Title => "Bad request";
    }

    public sealed class NotFound : IProblemStatus
    {
        public static int Code => StatusCodes.Status404NotFound;

        public static string Title => "Not found";
    }

    public sealed class Conflict : IProblemStatus
    {
        public static int Code => StatusCodes.Status409Conflict;

        public static string Title => "Conflict";
    }

    public sealed class PreconditionFailed : IProblemStatus
    {
        public static int Code => StatusCodes.Status412PreconditionFailed;

        public static string Title => "Precondition failed";
    }

    public sealed class MethodNotAllowed : IProblemStatus
    {
        public static int Code => StatusCodes.Status405MethodNotAllowed;

        public static string Title => "Method Not Allowed";
    }
}
