#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/common/value_format.h"
#include "runtime/formats/cell_text.h"
#include "runtime/sources/nexmark/nexmark_generator.h"

using namespace sluice::rt;

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

std::vector<int> AllColumns(NexmarkKind kind) {
    std::vector<int> columns(NexmarkColumns(kind).size());
    std::iota(columns.begin(), columns.end(), 0);
    return columns;
}

Rows ToRows(const Batch& batch) {
    Rows rows;
    for (int64_t r = 0; r < batch.num_rows(); ++r) {
        rows.emplace_back();
        for (int c = 0; c < batch.num_columns(); ++c)
            rows.back().push_back(CellText(batch, c, r));
    }
    return rows;
}

/// Generates the events of `kind` among [begin, end) in batches of `capacity` rows, as text.
Rows Generate(const NexmarkGenerator& gen, NexmarkKind kind, int64_t begin, int64_t end,
              const std::vector<int>& columns, int64_t capacity = 4096) {
    Rows rows;
    for (int64_t next = begin; next < end;) {
        Batch batch(ProjectNexmarkColumns(kind, columns), capacity);
        int64_t after = gen.Fill(kind, next, end, columns, batch);
        REQUIRE(after > next);
        for (auto& row : ToRows(batch))
            rows.push_back(std::move(row));
        next = after;
    }
    return rows;
}

/// Bids as the row API gives them, as text in NexmarkColumns order.
std::vector<std::optional<std::string>> BidText(const NexmarkBid& b) {
    return {std::to_string(b.auction), std::to_string(b.bidder), std::to_string(b.price),
            std::string(b.channel),    std::string(b.url),       FormatTimestamp(b.date_time),
            std::string(b.extra)};
}

std::vector<std::optional<std::string>> AuctionText(const NexmarkAuction& a) {
    return {std::to_string(a.id),          std::string(a.item_name.view()), std::string(a.description.view()),
            std::to_string(a.initial_bid), std::to_string(a.reserve),       FormatTimestamp(a.date_time),
            FormatTimestamp(a.expires),    std::to_string(a.seller),        std::to_string(a.category),
            std::string(a.extra)};
}

std::vector<std::optional<std::string>> PersonText(const NexmarkPerson& p) {
    return {std::to_string(p.id),
            std::string(p.name),
            std::string(p.email_address.view()),
            std::string(p.credit_card.view()),
            std::string(p.city),
            std::string(p.state),
            FormatTimestamp(p.date_time),
            std::string(p.extra)};
}

} // namespace

TEST_CASE("nexmark columns by kind name", "[nexmark]") {
    CHECK(NexmarkColumns("bid").size() == 7);
    CHECK(NexmarkColumns("BID")[2].name == "price");
    CHECK(NexmarkColumns("Auction").size() == 10);
    CHECK(NexmarkColumns("person")[2].name == "email_address");
    CHECK(NexmarkColumns("person")[6].type.id == SL_TYPE_TIMESTAMP);
    CHECK(NexmarkColumns("bids").empty());
    NexmarkKind kind;
    CHECK(ParseNexmarkKind("Person", &kind));
    CHECK(kind == NexmarkKind::Person);
    CHECK_FALSE(ParseNexmarkKind("people", &kind));
}

TEST_CASE("nexmark event numbering: 1 person, 3 auctions, 46 bids per 50 events", "[nexmark]") {
    const int64_t n = 100000;
    std::map<NexmarkKind, int64_t> counts;
    for (int64_t e = 0; e < n; ++e)
        ++counts[NexmarkGenerator::KindOf(e)];
    CHECK(counts[NexmarkKind::Person] == 2000);
    CHECK(counts[NexmarkKind::Auction] == 6000);
    CHECK(counts[NexmarkKind::Bid] == 92000);
    CHECK(NexmarkGenerator::KindOf(0) == NexmarkKind::Person);
    CHECK(NexmarkGenerator::KindOf(1) == NexmarkKind::Auction);
    CHECK(NexmarkGenerator::KindOf(3) == NexmarkKind::Auction);
    CHECK(NexmarkGenerator::KindOf(4) == NexmarkKind::Bid);
    CHECK(NexmarkGenerator::KindOf(49) == NexmarkKind::Bid);
    CHECK(NexmarkGenerator::KindOf(50) == NexmarkKind::Person);

    // CountOfKind counts the events before a position; EventOfKind inverts it.
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        int64_t seen = 0;
        for (int64_t e = 0; e < 1000; ++e) {
            REQUIRE(NexmarkGenerator::CountOfKind(kind, e) == seen);
            if (NexmarkGenerator::KindOf(e) == kind) {
                REQUIRE(NexmarkGenerator::EventOfKind(kind, seen) == e);
                ++seen;
            }
        }
        CHECK(NexmarkGenerator::CountOfKind(kind, n) == counts[kind]);
    }
}

TEST_CASE("nexmark generation is deterministic for a seed", "[nexmark]") {
    NexmarkGenerator a(NexmarkConfig{.seed = 42}), b(NexmarkConfig{.seed = 42}),
        other(NexmarkConfig{.seed = 43});
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        auto columns = AllColumns(kind);
        Rows first = Generate(a, kind, 0, 5000, columns);
        CHECK(first == Generate(b, kind, 0, 5000, columns));
        Rows different = Generate(other, kind, 0, 5000, columns);
        REQUIRE(first.size() == different.size());
        CHECK(first != different);
    }
}

TEST_CASE("nexmark ranges split anywhere give the same rows as one range", "[nexmark]") {
    NexmarkGenerator gen(NexmarkConfig{.seed = 7});
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        auto columns = AllColumns(kind);
        Rows whole = Generate(gen, kind, 0, 20000, columns, 100000);
        Rows pieces;
        // Splits inside and between epochs, and tiny batches that stop Fill in the middle of a range.
        const int64_t cuts[] = {0, 1, 3, 4, 49, 50, 51, 777, 5003, 12345, 20000};
        for (size_t i = 0; i + 1 < std::size(cuts); ++i)
            for (auto& row :
                 Generate(gen, kind, cuts[i], cuts[i + 1], columns, 1 + static_cast<int64_t>(i) * 7))
                pieces.push_back(std::move(row));
        CHECK(pieces == whole);
    }
}

TEST_CASE("nexmark row API gives the values the columnar fill gives", "[nexmark]") {
    NexmarkGenerator gen(NexmarkConfig{.seed = 3});
    Rows bids = Generate(gen, NexmarkKind::Bid, 0, 3000, AllColumns(NexmarkKind::Bid));
    for (size_t i = 0; i < bids.size(); ++i)
        REQUIRE(BidText(gen.Bid(NexmarkGenerator::EventOfKind(NexmarkKind::Bid, static_cast<int64_t>(i)))) ==
                bids[i]);
    Rows auctions = Generate(gen, NexmarkKind::Auction, 0, 3000, AllColumns(NexmarkKind::Auction));
    for (size_t i = 0; i < auctions.size(); ++i)
        REQUIRE(AuctionText(gen.Auction(NexmarkGenerator::EventOfKind(
                    NexmarkKind::Auction, static_cast<int64_t>(i)))) == auctions[i]);
    Rows people = Generate(gen, NexmarkKind::Person, 0, 3000, AllColumns(NexmarkKind::Person));
    for (size_t i = 0; i < people.size(); ++i)
        REQUIRE(PersonText(gen.Person(NexmarkGenerator::EventOfKind(NexmarkKind::Person,
                                                                    static_cast<int64_t>(i)))) == people[i]);
}

TEST_CASE("nexmark projection never changes the values of other columns", "[nexmark]") {
    NexmarkGenerator gen(NexmarkConfig{.seed = 11});
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        auto all = AllColumns(kind);
        Rows full = Generate(gen, kind, 1000, 6000, all);
        // Each column alone, and all columns in reverse order, give the same values.
        for (int c : all) {
            Rows single = Generate(gen, kind, 1000, 6000, {c});
            REQUIRE(single.size() == full.size());
            for (size_t r = 0; r < full.size(); ++r)
                REQUIRE(single[r][0] == full[r][c]);
        }
        std::vector<int> reversed(all.rbegin(), all.rend());
        Rows backwards = Generate(gen, kind, 1000, 6000, reversed);
        for (size_t r = 0; r < full.size(); ++r)
            for (size_t i = 0; i < reversed.size(); ++i)
                REQUIRE(backwards[r][i] == full[r][reversed[i]]);
    }
}

TEST_CASE("nexmark timestamps follow the event rate", "[nexmark]") {
    int64_t base;
    REQUIRE(ParseTimestamp("2026-01-01 00:00:00", &base));
    NexmarkGenerator gen(NexmarkConfig{.events_per_second = 3, .base_time_us = base});
    CHECK(gen.TimestampMicros(0) == base);
    CHECK(gen.TimestampMicros(1) == base + 333333);
    CHECK(gen.TimestampMicros(2) == base + 666666);
    CHECK(gen.TimestampMicros(3) == base + 1000000);
    CHECK(gen.TimestampMicros(3000000003) == base + 1000000001000000);

    CHECK(gen.EventsUpTo(base - 1) == 0);
    CHECK(gen.EventsUpTo(base) == 1);
    CHECK(gen.EventsUpTo(base + 333332) == 1);
    CHECK(gen.EventsUpTo(base + 333333) == 2);
    for (int64_t t = base - 5; t < base + 3000000; t += 99991) {
        int64_t k = gen.EventsUpTo(t);
        if (k > 0)
            REQUIRE(gen.TimestampMicros(k - 1) <= t);
        REQUIRE(gen.TimestampMicros(k) > t);
    }

    NexmarkGenerator fast(NexmarkConfig{.events_per_second = 10000, .base_time_us = base});
    Batch batch(ProjectNexmarkColumns(NexmarkKind::Bid, std::vector<int>{NexmarkBidColumn::DateTime}), 100);
    fast.Fill(NexmarkKind::Bid, 0, 100, std::vector<int>{NexmarkBidColumn::DateTime}, batch);
    REQUIRE(batch.num_rows() == 92);
    CHECK(batch.Values<int64_t>(0)[0] == base + 400); // event 4
    CHECK(CellText(batch, 0, 0) == "2026-01-01 00:00:00.0004");
    CHECK(batch.Values<int64_t>(0)[46] == base + 5400); // event 54
}

TEST_CASE("nexmark values follow the model over 100k events", "[nexmark]") {
    const int64_t n = 100000;
    NexmarkConfig config{.seed = 5};
    NexmarkGenerator gen(config);

    // People: consecutive ids from 1000; names, cities and states from the model's lists.
    std::set<std::string> cities, states;
    for (int64_t i = 0; i < NexmarkGenerator::CountOfKind(NexmarkKind::Person, n); ++i) {
        NexmarkPerson p = gen.Person(NexmarkGenerator::EventOfKind(NexmarkKind::Person, i));
        REQUIRE(p.id == 1000 + i);
        REQUIRE(p.email_address.view().find('@') != std::string_view::npos);
        REQUIRE(p.email_address.view().ends_with(".com"));
        REQUIRE(p.credit_card.view().size() == 19);
        REQUIRE(p.name.find(' ') != std::string_view::npos);
        cities.insert(std::string(p.city));
        states.insert(std::string(p.state));
    }
    CHECK(cities.size() == 10);
    CHECK(states == std::set<std::string>{"AZ", "CA", "ID", "OR", "WA", "WY"});

    // Auctions: consecutive ids; sellers among the active people, mostly hot; prices in range.
    int64_t hot_sellers = 0, auctions = NexmarkGenerator::CountOfKind(NexmarkKind::Auction, n);
    double extra_bytes = 0;
    for (int64_t i = 0; i < auctions; ++i) {
        int64_t event = NexmarkGenerator::EventOfKind(NexmarkKind::Auction, i);
        NexmarkAuction a = gen.Auction(event);
        int64_t last_person = event / 50; // base 0
        REQUIRE(a.id == 1000 + i);
        REQUIRE(a.category >= 10);
        REQUIRE(a.category <= 14);
        REQUIRE(a.initial_bid >= 100);
        REQUIRE(a.initial_bid <= 100000000);
        REQUIRE(a.reserve >= a.initial_bid + 100);
        REQUIRE(a.expires > a.date_time);
        // 1666 events for 100 more auctions at 10,000 events/s: 166 ms; lengths are 1 .. 332 ms.
        REQUIRE(a.expires - a.date_time <= 332 * 1000);
        REQUIRE(a.seller >= 1000 + std::max<int64_t>(last_person + 1 - 1000, 0));
        REQUIRE(a.seller < 1000 + last_person + 1 + 10);
        hot_sellers += a.seller == 1000 + last_person / 100 * 100;
        REQUIRE(a.item_name.view().size() <= 19);
        REQUIRE(a.description.view().size() <= 99);
        extra_bytes += 8 + a.item_name.view().size() + a.description.view().size() + 40 + a.extra.size();
    }
    CHECK(hot_sellers / double(auctions) == Approx(0.75).margin(0.03));
    CHECK(extra_bytes / auctions == Approx(500).margin(15));

    // Bids: auctions among the in-flight ones (or hot), bidders among the active people.
    int64_t bids = NexmarkGenerator::CountOfKind(NexmarkKind::Bid, n);
    int64_t hot_auctions = 0, hot_bidders = 0, hot_channels = 0, channel_ids = 0;
    double extra_len = 0, log_price = 0;
    std::set<std::string> channels;
    for (int64_t i = 0; i < bids; ++i) {
        int64_t event = NexmarkGenerator::EventOfKind(NexmarkKind::Bid, i);
        NexmarkBid b = gen.Bid(event);
        int64_t last_auction = event / 50 * 3 + 2, last_person = event / 50;
        int64_t hot_auction = 1000 + last_auction / 100 * 100;
        REQUIRE(b.auction >= 1000 + std::max<int64_t>(last_auction - 100, 0));
        REQUIRE(b.auction <= 1000 + last_auction + 10);
        REQUIRE(b.bidder >= 1000 + std::max<int64_t>(last_person + 1 - 1000, 0));
        REQUIRE(b.bidder < 1000 + last_person + 1 + 10);
        REQUIRE(b.price >= 100);
        REQUIRE(b.price <= 100000000);
        REQUIRE(b.url.starts_with("https://www.nexmark.com/"));
        REQUIRE(b.extra.size() >= 54);
        REQUIRE(b.extra.size() <= 81);
        hot_auctions += b.auction == hot_auction;
        hot_bidders += b.bidder == 1000 + last_person / 100 * 100 + 1;
        bool hot_channel =
            b.channel == "Google" || b.channel == "Facebook" || b.channel == "Baidu" || b.channel == "Apple";
        hot_channels += hot_channel;
        if (!hot_channel) {
            REQUIRE(b.channel.starts_with("channel-"));
            channel_ids += b.url.find("&channel_id=") != std::string_view::npos;
        }
        channels.insert(std::string(b.channel));
        extra_len += b.extra.size();
        log_price += std::log10(b.price / 100.0);
    }
    // P(hot) = 1 - 1/ratio, plus the chance that a random pick lands on the hot id.
    CHECK(hot_auctions / double(bids) == Approx(0.5).margin(0.03));
    CHECK(hot_bidders / double(bids) == Approx(0.75).margin(0.03));
    CHECK(hot_channels / double(bids) == Approx(0.5).margin(0.02));
    CHECK(channel_ids / double(bids - hot_channels) == Approx(0.9).margin(0.02));
    CHECK(channels.size() > 4000);
    CHECK(extra_len / bids == Approx(68).margin(1));
    CHECK(log_price / bids == Approx(3).margin(0.05)); // log-uniform over 10^0 .. 10^6 dollars
}

TEST_CASE("nexmark Fill checks the batch against the columns", "[nexmark]") {
    NexmarkGenerator gen(NexmarkConfig{});
    std::vector<int> columns = {NexmarkBidColumn::Price, NexmarkBidColumn::Channel};
    Batch wrong(ProjectNexmarkColumns(NexmarkKind::Bid,
                                      std::vector<int>{NexmarkBidColumn::Channel, NexmarkBidColumn::Price}),
                10);
    CHECK_THROWS_AS(gen.Fill(NexmarkKind::Bid, 0, 100, columns, wrong), std::invalid_argument);
    CHECK_THROWS_AS(NexmarkGenerator(NexmarkConfig{.events_per_second = 0}), std::invalid_argument);

    // A full batch stops Fill where it is; an empty range returns its end.
    Batch small(ProjectNexmarkColumns(NexmarkKind::Bid, columns), 10);
    CHECK(gen.Fill(NexmarkKind::Bid, 0, 100, columns, small) == 14);
    CHECK(small.num_rows() == 10);
    CHECK(gen.Fill(NexmarkKind::Bid, 14, 100, columns, small) == 14);
    Batch other(ProjectNexmarkColumns(NexmarkKind::Bid, columns), 10);
    CHECK(gen.Fill(NexmarkKind::Bid, 50, 51, columns, other) == 51);
    CHECK(other.num_rows() == 0);
}

TEST_CASE("nexmark extra is empty when the other fields exceed the average size", "[nexmark]") {
    NexmarkGenerator gen(NexmarkConfig{.avg_person_bytes = 10, .avg_auction_bytes = 0, .avg_bid_bytes = 31});
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        std::vector<int> extra = {static_cast<int>(NexmarkColumns(kind).size()) - 1};
        for (const auto& row : Generate(gen, kind, 0, 500, extra))
            REQUIRE(row[0] == "");
    }
    CHECK(gen.Bid(4).extra.empty());
    // A bid's fixed fields count 32 bytes: an average of 33 leaves exactly one byte to pad.
    NexmarkGenerator one(NexmarkConfig{.avg_bid_bytes = 33});
    CHECK(one.Bid(4).extra.size() == 1);
}

TEST_CASE("nexmark generation throughput", "[nexmark][throughput]") {
    // Rates per second of this process's CPU time, so that other work on a shared machine does not
    // distort them (wall-clock time is printed alongside).
    NexmarkGenerator gen(NexmarkConfig{.seed = 1});
    auto measure = [&](const char* what, NexmarkKind kind, const std::vector<int>& columns) {
        const int64_t events = 5000000;
        int64_t rows = 0;
        std::clock_t cpu_start = std::clock();
        auto wall_start = std::chrono::steady_clock::now();
        for (int64_t next = 0; next < events;) {
            Batch batch(ProjectNexmarkColumns(kind, columns), 8192);
            next = gen.Fill(kind, next, events, columns, batch);
            rows += batch.num_rows();
        }
        double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        std::printf("nexmark %-32s %6.1f M events/s, %5.1f M rows/s per CPU second (wall %.2f s)\n", what,
                    events / cpu / 1e6, rows / cpu / 1e6, wall);
        CHECK(rows == NexmarkGenerator::CountOfKind(kind, events));
    };
    measure("bids, all 7 columns:", NexmarkKind::Bid, AllColumns(NexmarkKind::Bid));
    measure("bids, auction/price/date_time:", NexmarkKind::Bid,
            {NexmarkBidColumn::Auction, NexmarkBidColumn::Price, NexmarkBidColumn::DateTime});
    measure("auctions, all 10 columns:", NexmarkKind::Auction, AllColumns(NexmarkKind::Auction));
    measure("people, all 8 columns:", NexmarkKind::Person, AllColumns(NexmarkKind::Person));
}
