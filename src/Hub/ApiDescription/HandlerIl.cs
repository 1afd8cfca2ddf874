using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// What a minimal-API handler answers, read from its compiled body: the types it hands to <c>Results.Ok/Created/Accepted/Json</c>
/// (the generic argument is exact), the files and text it returns with their media type, and the reason codes it puts in
/// a ProblemDetails title with the status next to them. Handlers return <see cref="IResult"/>, which says none of this,
/// and reading it here keeps the API description in step with the handlers without a second declaration per endpoint.
/// </summary>
public sealed partial class HandlerIl
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly List<(int Status, Type Type)> _answers = [];
    private readonly List<(string MediaType, bool File)> _raw = [];
    private readonly Dictionary<string, int?> _reasons = new(StringComparer.Ordinal);

    private HandlerIl() { }

    /// <summary>2xx answers with a body type: 200 for Ok and Json, 201 Created, 202 Accepted.</summary>
    public IReadOnlyList<(int Status, Type Type)> Answers => _answers;

    /// <summary>Results.File / Results.Text answers with the media type written next to them (or a default).</summary>
    public IReadOnlyList<(string MediaType, bool File)> RawAnswers => _raw;

    /// <summary>For a lambda that calls a handler class (<c>(…) =&gt; GetTagLedger.HandleAsync(…)</c>), that handler.</summary>
    public MethodBase? Target { get; private set; }

    /// <summary>Reason codes (UPPER_SNAKE ProblemDetails titles) with the 4xx status written next to them, if any.</summary>
    public IReadOnlyDictionary<string, int?> Reasons => _reasons;

    public static HandlerIl Read(MethodInfo handler)
    {
        var il = new HandlerIl();
        var seen = new HashSet<MethodBase>();
        il.Walk(handler, handler.DeclaringType, seen, depth: 0);
        return il;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")]
    private static partial Regex ReasonCode();

    private void Walk(MethodBase method, Type? home, HashSet<MethodBase> seen, int depth)
    {
        if (depth > 4 || !seen.Add(method)) return;
        // An async method's body is its state machine's MoveNext.
        var inLambda = home is not null && Generated(home);
        if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } async
            && async.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            Walk(moveNext, home, seen, depth + 1);
        var body = method.GetMethodBody()?.GetILAsByteArray();
        if (body is null) return;
        var module = method.Module;
        int? lastStatus = null;
        var sinceStatus = int.MaxValue;
        string? lastText = null;
        var pending = new List<string>();
        var pos = 0;
        while (pos < body.Length)
        {
            short value = body[pos++];
            if (value == 0xFE && pos < body.Length) value = (short)(0xFE00 | body[pos++]);
            if (!OpCodesByValue.TryGetValue(value, out var op)) return; // not IL we can walk: keep what was found
            var operandStart = pos;
            pos += OperandSize(op, body, pos);
            sinceStatus++;
            switch (op.OperandType)
            {
                case OperandType.InlineString:
                    var text = module.ResolveString(BitConverter.ToInt32(body, operandStart));
                    lastText = text;
                    if (ReasonCode().IsMatch(text))
                    {
                        var status = sinceStatus <= 6 ? lastStatus : null;
                        if (!_reasons.TryGetValue(text, out var known) || known is null) _reasons[text] = status;
                        if (status is null) pending.Add(text);
                    }
                    break;
                case OperandType.InlineI when op == OpCodes.Ldc_I4:
                    Status(BitConverter.ToInt32(body, operandStart));
                    break;
                case OperandType.InlineMethod:
                    MethodBase? callee = null;
                    try
                    {
                        callee = module.ResolveMethod(BitConverter.ToInt32(body, operandStart),
                            method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException) { }
                    if (callee is null) break;
                    Call(callee, lastText);
                    // A helper named for its answer (StaffScope.NotFound("FARM_UNKNOWN", …)) gives the codes before it their status.
                    if (StatusOfHelper(callee.Name) is { } helperStatus)
                        foreach (var code in pending) _reasons[code] = helperStatus;
                    pending.Clear();
                    // Helpers of the handler's own class (local functions, lambdas, private methods) are part of it.
                    if (home is not null && Within(callee.DeclaringType, home))
                        Walk(callee, home, seen, depth + 1);
                    // A lambda in a route table that calls a handler class: that class is the handler.
                    else if (inLambda && callee.DeclaringType is { } target && target.Assembly == home!.Assembly && !Generated(target))
                    {
                        Target ??= callee;
                        Walk(callee, target, seen, depth + 1);
                    }
                    break;
            }

            void Status(int candidate)
            {
                if (candidate is >= 400 and < 500)
                {
                    lastStatus = candidate;
                    sinceStatus = 0;
                }
            }
        }
    }

    private void Call(MethodBase callee, string? lastText)
    {
        var owner = callee.DeclaringType;
        if (owner == typeof(HttpResponse) && callee.Name == "set_ContentType" && lastText is { } written && written.Contains('/'))
        {
            // The handler writes the body itself (a GeoJSON stream, say): its media type is what it set.
            _raw.Add((written, false));
            return;
        }
        if (owner != typeof(Results) && owner != typeof(TypedResults)) return;
        if (callee is MethodInfo { IsGenericMethod: true } generic)
        {
            var type = generic.GetGenericArguments()[0];
            int? status = callee.Name switch
            {
                "Ok" or "Json" => 200,
                "Created" or "CreatedAtRoute" => 201,
                "Accepted" or "AcceptedAtRoute" => 202,
                _ => null,
            };
            if (status is { } s && !_answers.Contains((s, type))) _answers.Add((s, type));
            return;
        }
        var media = lastText is not null && lastText.Contains('/') && !lastText.StartsWith('/') ? lastText : null;
        if (callee.Name is "File" or "Bytes" or "Stream")
            _raw.Add((media ?? "application/octet-stream", true));
        else if (callee.Name is "Text" or "Content")
            _raw.Add((media ?? "text/plain", false));
    }

    private static int? StatusOfHelper(string name) => name switch
    {
        "NotFound" => 404,
        "Forbidden" or "Forbid" => 403,
        "Conflict" => 409,
        "UnprocessableEntity" or "Unprocessable" => 422,
        "BadRequest" => 400,
        _ => null,
    };

    private static bool Generated(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (t.IsDefined(typeof(CompilerGeneratedAttribute)) || t.Name.Contains('<')) return true;
        return false;
    }

    private static bool Within(Type? type, Type home)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (t == home) return true;
        return false;
    }

    private static int OperandSize(OpCode op, byte[] body, int pos) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(body, pos),
        _ => 4,
    };
}
