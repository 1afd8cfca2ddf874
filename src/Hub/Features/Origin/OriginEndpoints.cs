using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

public static class OriginEndpoints
{
    public static IEndpointRouteBuilder MapOrigin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/origin").WithTags("Origin traceability 产地溯源");
        group.MapGet("/template", () => Results.File(Template.Value, OriginSheetWriter.ContentType, OriginSheetWriter.TemplateFileName))
            .WithSummary("The 采集表 (附件1) as .xlsx: Chinese header, text-formatted code and phone columns, a marked example row, instructions.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapPost("/import", ImportOriginSheet.HandleAsync).DisableAntiforgery().WithMetadata(new SheetBodyLimit())
            .WithSummary("Import a filled 采集表 (xlsx, or CSV in UTF-8/GB18030): all rows or none, 422 with {row, column, code, detail}; more than Imports:SyncRows rows answer 202 and GET /api/imports/{id}.")
            .RequireAuthorization(StaffPolicies.Collect);
        group.MapPost("/records", UpsertOriginRecord.HandleAsync)
            .WithSummary("Create or update one record (201 new, 200 existing); 422 with {field, code, detail}. farmCode pre-fills a livestock record from the registry farm.")
            .RequireAuthorization(StaffPolicies.Collect);
        group.MapPut("/records/{id:long}/location", RefineOriginLocation.HandleAsync)
            .WithSummary("Refine the point after a field visit {longitude, latitude}; the history keeps every change with who and when.")
            .RequireAuthorization(StaffPolicies.Collect);
        group.MapGet("/records/{id:long}", GetOriginRecord.HandleAsync)
            .WithSummary("One record with its location history, rapid tests and national upload state.").RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/records", ListOriginRecords.HandleAsync)
            .WithSummary("Records by region prefix, product and entity name (q), keyset-paged: {items, next}; pass next as after.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapPost("/rapid-tests", RecordRapidTest.HandleAsync)
            .WithSummary("Record a 快速检测 result {recordId, product, sampleNo, item, result 合格/不合格, value, testedAt, tester}; uploaded to 福建省农产品质量安全监测系统.")
            .RequireAuthorization(StaffPolicies.Collect);
        group.MapGet("/scope", GetOriginScope.HandleAsync)
            .WithSummary("Per township and product: supervised (监管名录), inScope (采集范围), collected, missing; ?region= county or township, ?asOf=yyyy-MM-dd.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/map", GetOriginMap.HandleAsync)
            .WithSummary("GeoJSON FeatureCollection of located records; filters product, region, minScale, maxScale, entityType, collectedFrom, collectedTo, bbox.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/map/tiles/{z:int}/{x:int}/{y}", GetOriginTile.HandleAsync)
            .WithSummary("Mapbox vector tile {z}/{x}/{y}.mvt (layer origin) by PostGIS ST_AsMVT, same filters; below zoom 10 points merge per cell with count and scale.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/stats", GetOriginStats.HandleAsync)
            .WithSummary("Counts and scale sums per unit, groupBy=region|product, under the map's filters.").RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/overdue", GetOverdue.HandleAsync)
            .WithSummary("What is overdue per township and collector against Origin:Deadlines and the cadence: the overdue job's last run, or measured now with ?asOf=.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapPost("/overdue/run", GetOverdue.RunAsync)
            .WithSummary("Run the overdue job now (it also runs every Origin:OverdueIntervalMinutes).").RequireAuthorization(StaffPolicies.Collect);
        group.MapGet("/report.xlsx", GetOriginReport.HandleAsync)
            .WithSummary("The region's 监管名录 (附件4) and 采集表 (附件1) as one workbook; ?region= county or township.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/products", AddOriginProduct.ListAsync)
            .WithSummary("The key products 重点品种 with unit, collection threshold and cadence.").RequireAuthorization(StaffPolicies.Read);
        group.MapPost("/products", AddOriginProduct.HandleAsync)
            .WithSummary("Add a key product (适时再增加其他品种) {code, name, unit 亩/头/只, threshold, cadence 每茬/每月, species}; audited; 409 if it exists.")
            .RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("/contacts", OriginContacts.ListAsync)
            .WithSummary("The contact list 联系方式 (附件2): 牵头负责人 and 具体责任人 of each county and township in your scope; ?region=, ?history=true for every version.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapPut("/contacts/{region}/{role}", OriginContacts.PutAsync)
            .WithSummary("Change who answers for a county or township {name, phone}; role lead 牵头负责人 or responsible 具体责任人; the old version is kept; audited.")
            .RequireAuthorization(StaffPolicies.Clerk);
        group.MapPost("/planting-areas", ImportPlantingAreas.HandleAsync).DisableAntiforgery().WithMetadata(new SheetBodyLimit())
            .WithSummary("Import the 种植面积一览表 (附件5) {乡镇, 品种, 种植面积（亩）} for ?year= (default this year): all rows or none; the scope report sets it beside the area collected.")
            .RequireAuthorization(StaffPolicies.Clerk);
        group.MapGet("/corrections", OriginCorrections.ListAsync)
            .WithSummary("线上巡查 correction list 整改清单 per township: rule, detail, deadline, state (Open, Fixed, Explained, SignedOff), the person to call; ?region=, ?state=.")
            .RequireAuthorization(StaffPolicies.Read);
        group.MapPost("/corrections/{id:long}/explain", OriginCorrections.ExplainAsync)
            .WithSummary("The collector explains why the record is right {reason}; audited.").RequireAuthorization(StaffPolicies.Collect);
        group.MapPost("/corrections/{id:long}/sign-off", OriginCorrections.SignOffAsync)
            .WithSummary("The county signs off a fixed or explained correction; audited.").RequireAuthorization(StaffPolicies.Clerk);
        group.MapPost("/corrections/run", OriginCorrections.RunAsync)
            .WithSummary("Run the online checks over your region now (they also run on each write and with the overdue job).")
            .RequireAuthorization(StaffPolicies.Collect);
        app.MapSheetImports();
        return app;
    }

    private static readonly Lazy<byte[]> Template = new(OriginSheetWriter.Template);
}
