using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Access;

public static class AccessExtensions
{
    /// <summary>Staff accounts (Identity), bearer tokens, role policies, region scope, body and rate limits.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();

        services.AddIdentityCore<StaffAccount>(o =>
            {
                // Staff type their password at a county office: long beats clever. Identity hashes it (PBKDF2).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-._";
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<HubDbContext>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccessOptions>>((o, access) =>
        {
            o.Lockout.MaxFailedAccessAttempts = access.Value.MaxFailedAttempts;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(access.Value.LockoutMinutes);
        });

        services.AddSingleton<StaffTokens>();
        services.AddTransient<StaffAccountSeeder>();
        services.AddSingleton<StaffAccountGate>();
        services.AddHttpContextAccessor();
        services.AddScoped(sp => new StaffScope(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<StaffTokens, IOptions<AccessOptions>, TimeProvider>((o, tokens, access, time) =>
            {
                o.MapInboundClaims = false;
                o.TimeProvider = time;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = access.Value.Issuer,
                    ValidAudience = StaffTokens.Audience,
                    IssuerSigningKeyResolver = (_, _, _, _) => [tokens.Key],
                    NameClaimType = StaffClaims.Name,
                    RoleClaimType = StaffClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // On the hub's clock, as the token was issued: IdentityModel's own check reads the system clock.
                    LifetimeValidator = (notBefore, expires, _, p) => ValidLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime, p.ClockSkew),
                };
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async ctx =>
                    {
                        var gate = ctx.HttpContext.RequestServices.GetRequiredService<StaffAccountGate>();
                        if (await gate.RefusalAsync(ctx.Principal!, ctx.HttpContext.RequestAborted) is { } refusal)
                            ctx.Fail(refusal);
                    },
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        var (title, detail) = ChallengeReason(ctx);
                        await ProblemWriter.WriteAsync(ctx.Response, StatusCodes.Status401Unauthorized, title, detail);
                    },
                    OnForbidden = ctx => ProblemWriter.WriteAsync(ctx.Response, StatusCodes.Status403Forbidden, "ROLE_REQUIRED",
                        "your account's roles or region scope do not allow this call"),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Read, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.All))
            .AddPolicy(StaffPolicies.Clerk, p => p.RequireRole(StaffRoles.Clerk, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Collect, p => p.RequireRole(StaffRoles.Collector, StaffRoles.Clerk, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.QrToken, p => p.RequireRole(StaffRoles.Clerk, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Trace, p => p.RequireRole(StaffRoles.Vet, StaffRoles.Clerk, StaffRoles.Engineer, StaffRoles.Admin))
            // The desk sees the whole province's traffic: only province-wide accounts use it.
            .AddPolicy(StaffPolicies.Engineer, p => p.RequireRole(StaffRoles.Engineer).RequireAssertion(ProvinceWide))
            .AddPolicy(StaffPolicies.Approver, p => p.RequireRole(StaffRoles.Approver).RequireAssertion(ProvinceWide))
            .AddPolicy(StaffPolicies.Desk, p => p.RequireRole(StaffRoles.Engineer, StaffRoles.Approver, StaffRoles.Viewer, StaffRoles.Admin)
                .RequireAssertion(ProvinceWide));

        services.AddLimits();
        // A query value or JSON body that does not bind (limit=abc, from=notadate, a string where a bool goes) throws, so
        // InputExceptionHandler answers 400 with a reason instead of the empty 400 minimal APIs give outside Development.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Body limits, authentication, rate limits, authorization and the text check, in that order.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseRouting();
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<TextSafetyMiddleware>();
        return app;
    }

    /// <summary>
    /// The group every staff feature maps into: any role to enter; features narrow it per endpoint. Look-up keys typed
    /// in 全角 are folded to ASCII (<see cref="Edge.TypedLookupKeys"/>), and a viewer's answers are masked.
    /// </summary>
    public static RouteGroupBuilder MapStaffGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("").RequireAuthorization(StaffPolicies.Read).AddEndpointFilterFactory(Edge.TypedLookupKeys.Factory)
            .AddEndpointFilter<ViewerMasking>();

    private static bool ProvinceWide(AuthorizationHandlerContext ctx) =>
        (ctx.User.FindFirst(StaffClaims.Region)?.Value.Length ?? 99) <= 2;

    private static bool ValidLifetime(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew)
    {
        if (expires is null) return false;
        if (expires.Value + skew <= now)
            throw new SecurityTokenExpiredException($"the token expired at {expires:O}") { Expires = expires.Value };
        if (notBefore is { } from && from - skew > now)
            throw new SecurityTokenNotYetValidException($"the token is valid from {from:O}") { NotBefore = from };
        return true;
    }

    private static (string Title, string Detail) ChallengeReason(JwtBearerChallengeContext ctx)
    {
        if (ctx.AuthenticateFailure is { } failure)
        {
            var message = failure.Message;
            var colon = message.IndexOf(':');
            if (colon > 0 && message[..colon].All(c => char.IsUpper(c) || c == '_'))
                return (message[..colon], message[(colon + 1)..].Trim());
            return failure is SecurityTokenExpiredException
                ? ("TOKEN_EXPIRED", "the token has expired; sign in again at POST /api/auth/login")
                : ("TOKEN_INVALID", "the bearer token is not valid; sign in again at POST /api/auth/login");
        }
        return ("TOKEN_MISSING", "this call needs Authorization: Bearer <token>; get one from POST /api/auth/login");
    }

    private sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
    {
        public ValidateOptionsResult Validate(string? name, AccessOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
