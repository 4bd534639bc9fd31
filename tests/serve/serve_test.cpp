// The service's parts that need no socket: targets, the token check, metrics,
// errors, and the batch stream.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>

#include "serve/batch_stream.hpp"
#include "serve/metrics.hpp"
#include "serve/responses.hpp"
#include "serve/target.hpp"
#include "serve/token.hpp"
#include "test_support.hpp"
#include "trappe/version.hpp"

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


// The batch stream, fed the way a socket delivers a body: in pieces of any size,
// cut anywhere, sometimes with more waiting.
std::string worked_lines(std::size_t copies) {
    const std::string one = testing::read_file("examples/profiles/worked-examples.jsonl");
    std::string text;
    for (std::size_t i = 0; i < copies; ++i) text += one + (i % 7 == 3 ? "{\"borger_id\": \"x\"}\n\n" : "");
    return text;
}

std::string fed_in_pieces(const plan& p, std::string_view body, std::mt19937_64& rng) {
    batch_stream batch(p, "roskilde-2025", "sha256:x");
    std::string out;
    std::size_t at = 0;
    while (at < body.size()) {
        const std::size_t n = std::min<std::size_t>(body.size() - at, std::uniform_int_distribution<std::size_t>(0, 70000)(rng));
        EXPECT_TRUE(batch.feed(body.substr(at, n), std::bernoulli_distribution(0.7)(rng), out));
        at += n;
    }
    batch.finish(out);
    EXPECT_EQ(batch.status(), "complete");
    EXPECT_EQ(batch.rows(), batch.written() + batch.failed());
    return out;
}

TEST(ServeBatchStreamTest, PiecesOfAnySizeGiveTheLinesOfTheWholeBody) {
    const auto p = testing::roskilde();
    const std::string body = worked_lines(3000);  // 15,000 rows, about 9 MB
    batch_stream whole(*p, "roskilde-2025", "sha256:x");
    std::string expected;
    ASSERT_TRUE(whole.feed(body, false, expected));
    whole.finish(expected);
    EXPECT_EQ(whole.rows(), 15000u + 3000 / 7 + (3000 % 7 > 3 ? 1 : 0));
    EXPECT_EQ(whole.failed(), whole.rows() - 15000);
    const std::string last = expected.substr(expected.rfind('\n', expected.size() - 2) + 1);
    EXPECT_EQ(last, "{\"schema\":\"trappe.batch-summary/1\",\"rules\":{\"pack\":\"roskilde-2025\",\"hash\":\"sha256:x\",\"trappe\":\"" +
                        std::string(version_string) + "\"},\"rows\":{\"in\":" +
                        std::to_string(whole.rows()) + ",\"written\":15000,\"errors\":" + std::to_string(whole.failed()) +
                        "},\"complete\":true}\n");
    std::mt19937_64 rng(13);
    for (int round = 0; round < 3; ++round) EXPECT_EQ(fed_in_pieces(*p, body, rng), expected) << "round " << round;
    // The last line may lack its line break.
    batch_stream unterminated(*p, "roskilde-2025", "sha256:x");
    std::string out;
    ASSERT_TRUE(unterminated.feed(std::string_view(body).substr(0, body.size() - 1), true, out));
    unterminated.finish(out);
    EXPECT_EQ(out, expected);
}

// Parts evaluated through a pool finish in any order, on any thread; the
// answer is the same lines, in input order, as evaluated at once.
TEST(ServeBatchStreamTest, PartsFinishedInAnyOrderAreAnsweredInInputOrder) {
    const auto p = testing::roskilde();
    const std::string body = worked_lines(3000);
    batch_stream whole(*p, "roskilde-2025", "sha256:x");
    std::string expected;
    ASSERT_TRUE(whole.feed(body, false, expected));
    whole.finish(expected);

    std::vector<std::function<void()>> queued;
    batch_stream batch(*p, "roskilde-2025", "sha256:x",
                       {[&](std::function<void()> work) { queued.push_back(std::move(work)); }, 2});
    std::mt19937_64 rng(29);
    std::string out;
    bool held_back = false;  // the stream asked for no more while parts waited
    auto run_some = [&](bool all) {
        std::shuffle(queued.begin(), queued.end(), rng);
        const std::size_t n = all ? queued.size() : queued.size() / 2;
        for (std::size_t k = 0; k < n; ++k) queued[k]();
        queued.erase(queued.begin(), queued.begin() + static_cast<std::ptrdiff_t>(n));
        batch.collect(out);
    };
    for (std::size_t at = 0; at < body.size();) {
        const std::size_t n = std::min<std::size_t>(body.size() - at, 300000);
        ASSERT_TRUE(batch.feed(std::string_view(body).substr(at, n), true, out));
        at += n;
        held_back = held_back || !batch.wants_more();
        if (!batch.wants_more()) run_some(false);
    }
    EXPECT_TRUE(held_back);
    batch.finish(out);
    EXPECT_FALSE(batch.done()) << "the summary waits for the parts under way";
    while (!queued.empty()) run_some(true);
    EXPECT_TRUE(batch.done());
    EXPECT_EQ(batch.parts_under_way(), 0u);
    EXPECT_EQ(out, expected);

    // On threads, collected while they run.
    std::vector<std::jthread> threads;
    {
        batch_stream threaded(*p, "roskilde-2025", "sha256:x",
                              {[&](std::function<void()> work) { threads.emplace_back(std::move(work)); }, 2});
        std::string lines;
        for (std::size_t at = 0; at < body.size(); at += 100000) {
            ASSERT_TRUE(threaded.feed(std::string_view(body).substr(at, 100000), true, lines));
            while (!threaded.wants_more()) threaded.collect(lines);
        }
        threaded.finish(lines);
        while (!threaded.done()) threaded.collect(lines);
        EXPECT_EQ(lines, expected);
    }
    // Destroyed while parts are under way: it waits for them.
    {
        batch_stream early(*p, "roskilde-2025", "sha256:x",
                           {[&](std::function<void()> work) { threads.emplace_back(std::move(work)); }, 2});
        std::string ignored;
        ASSERT_TRUE(early.feed(body, false, ignored));
        early.cut("client_gone", "", ignored, false);
    }
}

// A part that cannot be evaluated (here: the pool refuses it) ends the batch
// as "internal" with no more lines, and the stream is done without end().
TEST(ServeBatchStreamTest, APartThatFailsEndsTheBatchAsInternal) {
    const auto p = testing::roskilde();
    const std::string body = worked_lines(400);
    int handed = 0;
    std::vector<std::function<void()>> queued;
    batch_stream batch(*p, "roskilde-2025", "sha256:x", {[&](std::function<void()> work) {
                                                              if (++handed == 2) throw std::runtime_error("refused");
                                                              queued.push_back(std::move(work));
                                                          },
                                                          2});
    std::string out;
    bool go_on = true;
    for (std::size_t at = 0; at < body.size() && go_on; at += 200000) {
        go_on = batch.feed(std::string_view(body).substr(at, 200000), true, out);
        for (auto& work : queued) work();
        queued.clear();
        batch.collect(out);
        go_on = go_on && !batch.done();
    }
    EXPECT_TRUE(batch.done());
    EXPECT_EQ(batch.status(), "internal");
    EXPECT_FALSE(batch.feed("{}\n", false, out)) << "nothing after the end";
    EXPECT_NE(out.find("\"complete\":false,\"error\":{\"code\":\"internal\""), std::string::npos);
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), static_cast<std::ptrdiff_t>(batch.rows() + 1))
        << "the first part's lines and the summary, nothing of the failed part or after it";
    EXPECT_GT(batch.rows(), 0u);
}

TEST(ServeBatchStreamTest, RowsAreAnsweredAsSoonAsNothingMoreWaits) {
    const auto p = testing::roskilde();
    const std::string body = worked_lines(2);
    batch_stream batch(*p, "roskilde-2025", "sha256:x");
    std::string out;
    ASSERT_TRUE(batch.feed(body.substr(0, 10), false, out));
    EXPECT_EQ(out, "") << "no whole line yet";
    const std::size_t second_line = body.find('\n') + 1;
    ASSERT_TRUE(batch.feed(body.substr(10, second_line + 5 - 10), true, out));
    EXPECT_EQ(out, "") << "more is waiting: the row waits for it";
    ASSERT_TRUE(batch.feed({}, false, out));
    EXPECT_EQ(out.rfind("{\"schema\":\"trappe.batch-row/1\",\"row\":1,", 0), 0u) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

TEST(ServeBatchStreamTest, ALineTooLongOrACutEndsTheBatchWithASummarySayingSo) {
    const auto p = testing::roskilde();
    const std::string body = worked_lines(1);
    batch_stream batch(*p, "roskilde-2025", "sha256:x");
    std::string out;
    ASSERT_TRUE(batch.feed(body, true, out));
    ASSERT_TRUE(batch.feed(std::string(batch_stream::max_line, 'x'), true, out));
    EXPECT_FALSE(batch.feed("x", false, out));
    EXPECT_EQ(batch.status(), "line_too_long");
    EXPECT_EQ(batch.rows(), 5u) << "the whole lines before it are answered";
    EXPECT_NE(out.find("\"complete\":false,\"error\":{\"code\":\"line_too_long\""), std::string::npos) << out;
    EXPECT_FALSE(batch.feed("more", false, out)) << "nothing after the end";

    batch_stream cut(*p, "roskilde-2025", "sha256:x");
    out.clear();
    ASSERT_TRUE(cut.feed(body + "{\"borger_id\": \"half a li", true, out));
    cut.cut("body_too_large", "too much", out);
    EXPECT_EQ(cut.rows(), 5u) << "the half line is no row";
    EXPECT_NE(out.find("\"rows\":{\"in\":5,\"written\":5,\"errors\":0},\"complete\":false,\"error\":{\"code\":\"body_too_large\",\"message\":\"too much\"}}\n"),
              std::string::npos)
        << out;
    const header_list counts = batch_counts(cut);
    EXPECT_EQ(counts, (header_list{{"X-Trappe-Rows", "5"}, {"X-Trappe-Rows-Written", "5"}, {"X-Trappe-Rows-Failed", "0"},
                                   {"X-Trappe-Batch-Status", "body_too_large"}}));
}

}  // namespace
}  // namespace trappe::serve
