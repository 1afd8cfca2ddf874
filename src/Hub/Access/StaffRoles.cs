namespace EarTagTrace.Hub.Access;

/// <summary>The roles a staff account can hold; an account may hold several (a reviewer is approver and engineer).</summary>
public static class StaffRoles
{
    /// <summary>省级管理员 the province: manages accounts, switches counties on.</summary>
    public const string Admin = "admin";
    /// <summary>集成工程师 journal, replay, deliveries, jobs.</summary>
    public const string Engineer = "engineer";
    /// <summary>审核人 a second engineer who approves an edited replay.</summary>
    public const string Approver = "approver";
    /// <summary>县乡业务人员 county or township clerk: tag stock, farms, QR codes, trace, ledger.</summary>
    public const string Clerk = "clerk";
    /// <summary>信息采集员 origin records of key products within its region (grid supervisors, third parties).</summary>
    public const string Collector = "collector";
    /// <summary>只读 read only; phone numbers and personal names are masked.</summary>
    public const string Viewer = "viewer";
    /// <summary>官方兽医 official veterinarian: runs outbreak traces (疫情追溯) within its region.</summary>
    public const string Vet = "vet";

    public static readonly IReadOnlyList<string> All = [Admin, Engineer, Approver, Clerk, Collector, Viewer, Vet];
}

/// <summary>Authorization policies by what a call does; endpoints name one of these.</summary>
public static class StaffPolicies
{
    /// <summary>Any signed-in staff account (lists and single items, filtered by region scope).</summary>
    public const string Read = "staff-read";
    /// <summary>Farms, QR codes, tag stock: clerk or admin.</summary>
    public const string Clerk = "staff-clerk";
    /// <summary>Origin records: collector, clerk or admin.</summary>
    public const string Collect = "staff-collect";
    /// <summary>Journal, replay, deliveries, jobs: engineer (or approver, who is an engineer too) or admin.</summary>
    public const string Engineer = "staff-engineer";
    /// <summary>Reading the journal and deliveries: engineer, approver, viewer or admin, province-wide.</summary>
    public const string Desk = "staff-desk";
    /// <summary>Approving an edited replay.</summary>
    public const string Approver = "staff-approver";
    /// <summary>Accounts, county switches, audit log.</summary>
    public const string Admin = "staff-admin";
    /// <summary>QR tokens are secrets: only roles that print or check them see them.</summary>
    public const string QrToken = "staff-qr";
    /// <summary>Outbreak traces 疫情追溯: vet, clerk, engineer or admin, each within its region scope.</summary>
    public const string Trace = "staff-trace";
}
