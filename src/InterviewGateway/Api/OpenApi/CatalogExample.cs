using InterviewGateway.Vendors;

namespace InterviewGateway.Api.OpenApi;

/// A 2xx example built from the vendor catalog when the document is generated, so the example names a
/// registered vendor while the endpoint's file names none.
internal sealed record CatalogExample(Func<VendorCatalog, object> Response);
