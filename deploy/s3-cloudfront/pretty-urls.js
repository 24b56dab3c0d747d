// CloudFront Function (event: viewer request; runtime cloudfront-js-2.0) for the site in S3.
// S3 has no index files behind CloudFront's S3 origin, so pretty addresses are mapped here:
//   /crps/symptoms/  -> the object crps/symptoms/index.html
//   /crps/symptoms   -> 301 to /crps/symptoms/ (as the page's links and canonical say)
//   /crps/assets/site.1a2b3c.css and other names with a dot -> unchanged
// Checked here: tests/test_hosting.py runs this function in node on every address of a
// built site and checks that each maps to a file of output/. Not run on CloudFront itself.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.charAt(uri.length - 1) === '/') {
        request.uri = uri + 'index.html';
        return request;
    }
    var name = uri.substring(uri.lastIndexOf('/') + 1);
    if (name.indexOf('.') === -1) {
        return {
            statusCode: 301,
            statusDescription: 'Moved Permanently',
            headers: { location: { value: uri + '/' } }
        };
    }
    return request;
}
