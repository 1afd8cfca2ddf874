using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>A refusal of a start-date report or decision: HTTP status, reason code, what to do.</summary>
public sealed record StartRefusal(int Status, string Code, string Detail)
{
    public IResult ToResult() => Results.Problem(statusCode: Status, title: Code, detail: Detail);
}

/// <summary>
/// The plan, 三(二): "各县（市、区）在完成相关工作后，向省动物卫生监督所上报新功能启用时间，省动物卫生监督所在“动监e通”开通功能应用".
/// The county reports, the province approves (the county is switched on from the reported date) or refuses with a
/// reason. Pure: the handlers load the facts and store the outcome.
/// </summary>
public static class CountyStartRules
{
    public const string StartDateMissing = "START_DATE_MISSING";
    public const string StartDateInvalid = "START_DATE_INVALID";
    public const string StartDatePast = "START_DATE_PAST";
    public const string StartDatePassed = "START_DATE_PASSED";
    public const string ReportDecided = "START_REPORT_DECIDED";
    public const string ReasonRequired = "REASON_REQUIRED";
    public const string TextTooLong = "AUDIT_TEXT_TOO_LONG";
    public const int MaxText = 1000;

    /// <summary>A county may report today or a later China date; a date already gone cannot be started on.</summary>
    public static StartRefusal? CheckReport(DateOnly startDate, string? note, DateOnly today)
    {
        if (startDate < today)
            return new(422, StartDatePast, $"启用时间 {startDate:yyyy-MM-dd} has passed; report today ({today:yyyy-MM-dd}) or a later date");
        if (note is { Length: > MaxText })
            return new(400, TextTooLong, $"note is at most {MaxText} characters");
        return null;
    }

    /// <summary>
    /// The province decides a pending report only. Approving a date already gone is refused (the county reports a new
    /// one), since the switch takes effect on the approved date and the past cannot be switched on; a refusal needs
    /// its reason, which the county reads.
    /// </summary>
    public static StartRefusal? CheckDecision(StartReportStatus status, DateOnly startDate, bool approve, string? reason, DateOnly today)
    {
        if (status != StartReportStatus.Pending)
            return new(409, ReportDecided, $"the report is {status.ToString().ToLowerInvariant()} already");
        if (reason is { Length: > MaxText })
            return new(400, TextTooLong, $"reason is at most {MaxText} characters");
        if (!approve && string.IsNullOrWhiteSpace(reason))
            return new(400, ReasonRequired, "a refusal says why (reason), so the county can report again");
        if (approve && startDate < today)
            return new(422, StartDatePassed, $"the reported 启用时间 {startDate:yyyy-MM-dd} has passed; refuse it so the county reports a new date");
        return null;
    }
}
