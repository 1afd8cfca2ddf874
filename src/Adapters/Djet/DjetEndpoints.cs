using EarTagTrace.Adapters.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EarTagTrace.Adapters.Djet;

/// <summary>Message types of 动监e通 pushes, as the journal names them.</summary>
public static class DjetMessageTypes
{
    public const string TagStock = "tag-stock";
    public const string TagIssuance = "tag-issuance";
    public const string TagCancellation = "tag-cancellation";
    public const string Declaration = "declaration";
    public const string Certificate = "certificate";
    public const string StockChange = "stock-change";
    public const string FarmCorrection = "farm-correction";
}

/// <summary>动监e通 pushes to the hub (docs/partners.md, 动监e通), each signed like the registry's and answered in its envelope.</summary>
public static class DjetEndpoints
{
    public static IEndpointRouteBuilder MapDjetAdapter(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/adapters/djet").WithTags("动监e通 adapter");
        Map(group, "/tag-stock", static r => r.TagStock, "库存耳标登记 county ear-tag stock registration { djdw, rows: [{ xh, bh, qshm, zzhm, sl, djsj }] }.");
        Map(group, "/tag-issuances", static r => r.TagIssuance, "一次/二次发放 first or second issuance { ffid, fflx, ffdw, jsdw, jslx, hd: [{ qshm, zzhm }], ffsj }.");
        Map(group, "/tag-cancellations", static r => r.TagCancellation, "注销 tag cancellation { zxid, ebh: [...], yy, zxsj }.");
        Map(group, "/declarations", static r => r.Declaration, "检疫申报 quarantine declaration, answered at once with jg accepted/rejected and every reason.");
        Map(group, "/certificates", static r => r.Certificate, "产地检疫合格证明 origin quarantine certificate on an accepted declaration.");
        Map(group, "/stock-changes", static r => r.StockChange, "存栏变动 herd stock change { bdid, yzcbm, xmdm, bdlx, sl, bdsj }.");
        Map(group, "/farm-corrections", static r => r.FarmCorrection, "现场纠正 farm fields a vet corrected on site { jzid, yzcbm, jzsj, gfsy, fzr?, lxdh?, dz?, jd?+wd?, yzzl? }; newest wins, forwarded to the registry.");
        return app;
    }

    private static void Map(RouteGroupBuilder group, string path, Func<IDjetRules, IInboundRule> rule, string summary) =>
        group.MapPost(path, (Delegate)((HttpContext http) => SignedInbound.HandleAsync(http, rule)))
            .WithSummary(summary)
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status422UnprocessableEntity);
}
