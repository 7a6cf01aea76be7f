using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.UserJourneys;

namespace InterviewGateway.Vendors;

/// The one list of vendors. Adding one: a folder under Vendors/, a line here, a config section, tests.
internal static class VendorRegistrations
{
    public static RegisteredVendors AddVendors(this WebApplicationBuilder builder) =>
        new VendorBuilder(builder.Services, sandboxByDefault: builder.Environment.IsDevelopment())
            .Add<HindsightVendor>()
            .Add<UserJourneysVendor>()
            .Add<InstaViewVendor>()
            .Registered;
}
