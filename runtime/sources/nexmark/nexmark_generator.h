#pragma once

// The Nexmark benchmark's event generator: people, auctions and bids, following the event model of
// Apache Beam's Nexmark generator (and Flink's nexmark port, which adds the bid channel and url).
//
// Model (for the default configuration):
//   - Events are numbered 0, 1, 2, ... Event n's kind is fixed by n % 50: 0 is a person, 1..3 are
//     auctions, 4..49 are bids (proportions 1 : 3 : 46).
//   - Person ids and auction ids count up from 1000 in event order. A bid names a hot auction (the
//     first of the latest block of 100 auctions) with probability 1 - 1/hot_auction_ratio, else one of
//     the num_in_flight_auctions latest auctions or up to 10 ids ahead. Bidders and sellers are picked
//     the same way among the num_active_people latest people (hot bidder: the second person of the
//     latest block of 100, hot seller: the first).
//   - Event n happens at base_time + n * 1e6 / events_per_second microseconds (rounded down).
//   - Prices are round(10^(6u) * 100) cents for u uniform in [0, 1): 100 .. 100,000,000.
//   - An auction expires after 1 + U[0, 2h) milliseconds, h being the event time it takes to create
//     num_in_flight_auctions more auctions; its reserve is its initial bid plus another price.
//   - `extra` pads each event to an average size (person 200, auction 500, bid 100 bytes) by a
//     random length in [80%, 120%) of what the other fields leave.
//   - A bid comes from a hot channel (Google, Facebook, Baidu, Apple) with probability 1/2, else from
//     one of 10,000 channels "channel-<i>", 90% of whose urls carry a channel_id parameter.
//
// Determinism: every value of event n is a pure function of (seed, n). Each column draws from its own
// random stream, seeded from (seed, n, column), so any range of events can be generated on its own and
// projecting columns away never changes the values of the others. The exact random draws differ from
// Beam's java.util.Random sequence (the distributions are the same): Sluice's data is reproducible for
// a seed, not byte-identical with Beam's.
//
// Two ways to generate, with identical values:
//
//   NexmarkGenerator gen(NexmarkConfig{.seed = 7});
//
//   // Row at a time: plain structs, no allocation. `event` must be of the struct's kind.
//   for (int64_t i = 0; i < 1000; ++i) {
//       NexmarkBid bid = gen.Bid(NexmarkGenerator::EventOfKind(NexmarkKind::Bid, i));
//       Consume(bid.auction, bid.price, bid.channel);
//   }
//
//   // Column at a time, straight into a batch (what the source does; fastest): the bids among events
//   // [0, 100000), only the auction, price and date_time columns.
//   const int columns[] = {NexmarkBidColumn::Auction, NexmarkBidColumn::Price, NexmarkBidColumn::DateTime};
//   Batch batch(ProjectNexmarkColumns(NexmarkKind::Bid, columns), 8192);
//   for (int64_t next = 0; next < 100000;) {
//       batch.set_num_rows(0);
//       next = gen.Fill(NexmarkKind::Bid, next, 100000, columns, batch);
//       Consume(batch.Values<int64_t>(0), batch.Values<int64_t>(1), batch.num_rows());
//   }
//
// A generator is immutable after construction: one instance may be used from many threads at once.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/batch.h"
#include "runtime/common/schema.h"

namespace sluice::rt {

/// The three kinds of Nexmark events; one source yields one kind.
enum class NexmarkKind : uint8_t { Person = 0, Auction = 1, Bid = 2 };

/// "person", "auction", "bid".
const char* NexmarkKindName(NexmarkKind kind);
/// Accepts the names of NexmarkKindName in any case.
bool ParseNexmarkKind(std::string_view text, NexmarkKind* out);

/// Column indexes of a person, in NexmarkColumns order (names as Flink's nexmark DDL, snake_case); the
/// two structs after it do the same for auctions and bids.
struct NexmarkPersonColumn {
    enum : int { Id, Name, EmailAddress, CreditCard, City, State, DateTime, Extra, Count };
};
/// Column indexes of an auction (see NexmarkPersonColumn).
struct NexmarkAuctionColumn {
    enum : int {
        Id,
        ItemName,
        Description,
        InitialBid,
        Reserve,
        DateTime,
        Expires,
        Seller,
        Category,
        Extra,
        Count
    };
};
/// Column indexes of a bid (see NexmarkPersonColumn).
struct NexmarkBidColumn {
    enum : int { Auction, Bidder, Price, Channel, Url, DateTime, Extra, Count };
};

/// The columns of a kind:
///   person(id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING,
///          date_time TIMESTAMP, extra STRING)
///   auction(id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT,
///           date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra STRING)
///   bid(auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP,
///       extra STRING)
const std::vector<ColumnSchema>& NexmarkColumns(NexmarkKind kind);
/// The same by kind name (any case); empty for a name that is not a kind, so that the compiler can
/// report it.
const std::vector<ColumnSchema>& NexmarkColumns(const std::string& kind);
/// The schema of a batch holding `columns` (indexes into NexmarkColumns(kind)) in that order.
Schema ProjectNexmarkColumns(NexmarkKind kind, std::span<const int> columns);

/// Generator parameters. The defaults are NexmarkConfiguration's defaults in Beam and Flink.
struct NexmarkConfig {
    uint64_t seed = 0;
    /// Spacing of event times: event n happens n / events_per_second seconds after base_time.
    int64_t events_per_second = 10000;
    /// Event time of event 0, microseconds since the epoch (default 2026-01-01 00:00:00 UTC).
    int64_t base_time_us = 1767225600LL * 1000000;
    /// Bidders and sellers are drawn from this many most recent people.
    int64_t num_active_people = 1000;
    /// Non-hot bids go to one of this many most recent auctions; also sets auction lengths.
    int64_t num_in_flight_auctions = 100;
    /// A bid is for a hot auction with probability 1 - 1/hot_auction_ratio (likewise below).
    int hot_auction_ratio = 2;
    int hot_sellers_ratio = 4;
    int hot_bidders_ratio = 4;
    /// Average event sizes in bytes that `extra` pads to (at most 100,000).
    int avg_person_bytes = 200;
    int avg_auction_bytes = 500;
    int avg_bid_bytes = 100;
};

/// A short string kept inside a generated event (no allocation, safe to copy).
template <size_t N> struct NexmarkInlineString {
    uint8_t size = 0;
    char data[N];
    std::string_view view() const { return {data, size}; }
};

/// One person. String views point at tables that live as long as the process.
struct NexmarkPerson {
    int64_t id;
    std::string_view name;
    NexmarkInlineString<16> email_address; // at most "aaaaaa@aaaa.com"
    NexmarkInlineString<20> credit_card;   // "dddd dddd dddd dddd"
    std::string_view city;
    std::string_view state;
    int64_t date_time; // microseconds since the epoch
    std::string_view extra;
};

/// One auction.
struct NexmarkAuction {
    int64_t id;
    NexmarkInlineString<20> item_name;
    NexmarkInlineString<100> description;
    int64_t initial_bid;
    int64_t reserve;
    int64_t date_time;
    int64_t expires;
    int64_t seller;
    int64_t category;
    std::string_view extra;
};

/// One bid.
struct NexmarkBid {
    int64_t auction;
    int64_t bidder;
    int64_t price;
    std::string_view channel;
    std::string_view url;
    int64_t date_time;
    std::string_view extra;
};

/// Generates Nexmark events by event number; see the top of this file.
class NexmarkGenerator {
public:
    static constexpr int64_t kFirstPersonId = 1000;
    static constexpr int64_t kFirstAuctionId = 1000;
    static constexpr int64_t kFirstCategoryId = 10;
    static constexpr int64_t kNumCategories = 5;
    static constexpr int64_t kPersonProportion = 1;
    static constexpr int64_t kAuctionProportion = 3;
    static constexpr int64_t kBidProportion = 46;
    static constexpr int64_t kProportionDenominator = kPersonProportion + kAuctionProportion + kBidProportion;

    /// Throws std::invalid_argument for a configuration outside the model (rate or ratios below 1...).
    explicit NexmarkGenerator(const NexmarkConfig& config);

    const NexmarkConfig& config() const { return config_; }

    /// The kind of event `event` (>= 0).
    static NexmarkKind KindOf(int64_t event);
    /// How many of the events [0, events) are of `kind`.
    static int64_t CountOfKind(NexmarkKind kind, int64_t events);
    /// The event number of the index-th (from 0) event of `kind`.
    static int64_t EventOfKind(NexmarkKind kind, int64_t index);

    /// Event time of `event`: base_time + floor(event * 1e6 / events_per_second) microseconds.
    int64_t TimestampMicros(int64_t event) const {
        if (micros_per_event_ > 0)
            return config_.base_time_us + event * micros_per_event_;
        int64_t rate = config_.events_per_second;
        return config_.base_time_us + event / rate * 1000000 + event % rate * 1000000 / rate;
    }
    /// How many events have an event time <= `micros` (the events [0, result) do).
    int64_t EventsUpTo(int64_t micros) const;

    /// The event `event`, which must be of the returned kind.
    NexmarkPerson Person(int64_t event) const;
    NexmarkAuction Auction(int64_t event) const;
    NexmarkBid Bid(int64_t event) const;

    /// Appends the events of `kind` among the event numbers [begin_event, end_event) to `out`, from row
    /// out.num_rows() up to out.capacity(). Batch column i receives column columns[i] of the kind (an
    /// index into NexmarkColumns(kind)); other columns are not computed. Strings are copied into the
    /// batch's arena, or point at process-lifetime tables. Returns the event number to continue from:
    /// end_event when every event fit. Throws std::invalid_argument when the batch's columns do not
    /// have the types of `columns`.
    int64_t Fill(NexmarkKind kind, int64_t begin_event, int64_t end_event, std::span<const int> columns,
                 Batch& out) const;

    /// The random key every column stream of `event` is derived from.
    uint64_t EventKey(int64_t event) const;

private:
    NexmarkConfig config_;
    /// The seed, mixed, so that neighbouring seeds give unrelated events.
    uint64_t seed_key_;
    /// Events it takes to create num_in_flight_auctions auctions (the auction-length horizon).
    int64_t horizon_events_;
    /// 1e6 / events_per_second when that is exact (it saves two divisions per timestamp), else 0.
    int64_t micros_per_event_;
};

} // namespace sluice::rt
