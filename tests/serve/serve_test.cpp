// The service's parts that need no socket: targets, the token check, metrics, errors.

#include <gtest/gtest.h>

#include "serve/metrics.hpp"
#include "serve/responses.hpp"
#include "serve/target.hpp"
#include "serve/token.hpp"

namespace trappe::serve {
namespace {

TEST(ServeTargetTest, SplitsPathAndDecodesQuery) {
    const parsed_target t = parse_target("/v1/packs/roskilde-2025/evaluate?as_of=2025-09-01&param.taerskel_85=h%C3%B8jt&x");
    ASSERT_TRUE(t.ok);
    EXPECT_EQ(t.segments, (std::vector<std::string>{"v1", "packs", "roskilde-2025", "evaluate"}));
    ASSERT_EQ(t.query.size(), 3u);
    EXPECT_EQ(t.query[0], (std::pair<std::string, std::string>{"as_of", "2025-09-01"}));
    EXPECT_EQ(t.query[1].second, "h\xc3\xb8jt");
    EXPECT_EQ(t.query[2], (std::pair<std::string, std::string>{"x", ""}));
}

TEST(ServeTargetTest, RefusesBadEscapes) {
    EXPECT_FALSE(parse_target("/v1/packs?x=%4").ok);
    EXPECT_FALSE(parse_target("/v1/pa%zzcks").ok);
    EXPECT_TRUE(parse_target("//v1//packs/").ok);
    EXPECT_EQ(parse_target("//v1//packs/").segments, (std::vector<std::string>{"v1", "packs"}));
}

TEST(ServeTokenTest, MatchesOnlyTheWholeBearerToken) {
    EXPECT_TRUE(bearer_matches("Bearer abc123", "abc123"));
    EXPECT_FALSE(bearer_matches("Bearer abc12", "abc123"));
    EXPECT_FALSE(bearer_matches("Bearer abc1234", "abc123"));
    EXPECT_FALSE(bearer_matches("Bearer abc124", "abc123"));
    EXPECT_FALSE(bearer_matches("bearer abc123", "abc123"));
    EXPECT_FALSE(bearer_matches("abc123", "abc123"));
    EXPECT_FALSE(bearer_matches("", "abc123"));
    EXPECT_FALSE(bearer_matches(std::string("Bearer abc123\0", 14), "abc123"));
}

TEST(ServeMetricsTest, CountsRequestsAndRowsByPack) {
    metrics m;
    exchange_record r;
    r.endpoint = "batch";
    r.pack = "roskilde-2025";
    r.status = 200;
    r.rows = 10;
    r.failed_rows = 2;
    r.seconds = 0.003;
    m.record(r);
    m.record(r);
    const std::string text = m.render(1);
    EXPECT_NE(text.find("trappe_requests_total{endpoint=\"batch\",status=\"200\"} 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("trappe_rows_total{pack=\"roskilde-2025\",outcome=\"evaluated\"} 16\n"), std::string::npos);
    EXPECT_NE(text.find("trappe_rows_total{pack=\"roskilde-2025\",outcome=\"error\"} 4\n"), std::string::npos);
    EXPECT_NE(text.find("trappe_request_duration_seconds_bucket{endpoint=\"batch\",le=\"0.0025\"} 0\n"), std::string::npos);
    EXPECT_NE(text.find("trappe_request_duration_seconds_bucket{endpoint=\"batch\",le=\"0.005\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("trappe_packs_loaded 1\n"), std::string::npos);
}

TEST(ServeResponsesTest, RowErrorsNameRowAndFieldOnly) {
    const std::string line = row_error_json(7, {{7, "relationer", "value out of range 0..4"}});
    EXPECT_EQ(line, R"({"row":7,"errors":[{"code":"invalid_row","field":"relationer","message":"value out of range 0..4"}]})");
    const http_response r = error_response(404, "unknown_pack", "no such pack");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(r.body, R"({"code":"unknown_pack","message":"no such pack"})");
}

}  // namespace
}  // namespace trappe::serve
