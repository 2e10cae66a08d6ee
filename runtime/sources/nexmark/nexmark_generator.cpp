#include "runtime/sources/nexmark/nexmark_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "runtime/common/text.h"
#include "runtime/common/value_format.h"

namespace sluice::rt {

namespace {

using G = NexmarkGenerator;

// ---- random numbers -------------------------------------------------------------------------------

/// SplitMix64's output function: a strong 64-bit mixer.
inline uint64_t Mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

/// A SplitMix64 stream: small, fast, and good enough for benchmark data. One per (event, column).
class EventRng {
public:
    explicit EventRng(uint64_t state) : state_(state) {}

    uint64_t Next() {
        state_ += kGoldenGamma;
        return Mix64(state_);
    }

    /// Uniform in [0, bound), bound >= 1 (Lemire's multiply-shift with rejection: unbiased).
    uint32_t NextInt(uint32_t bound) {
        uint64_t m = (Next() >> 32) * bound;
        if (static_cast<uint32_t>(m) < bound) {
            uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
            while (static_cast<uint32_t>(m) < threshold)
                m = (Next() >> 32) * bound;
        }
        return static_cast<uint32_t>(m >> 32);
    }

    /// Uniform in [0, bound), bound >= 1.
    int64_t NextLong(int64_t bound) {
        uint64_t b = static_cast<uint64_t>(bound);
        unsigned __int128 m = static_cast<unsigned __int128>(Next()) * b;
        if (static_cast<uint64_t>(m) < b) {
            uint64_t threshold = -b % b;
            while (static_cast<uint64_t>(m) < threshold)
                m = static_cast<unsigned __int128>(Next()) * b;
        }
        return static_cast<int64_t>(m >> 64);
    }

    /// Uniform in [0, 1).
    double NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

private:
    uint64_t state_;
};

/// One random stream per column (and per auxiliary draw), so that columns never share draws: that is
/// what keeps a column's values independent of which other columns are generated. The numbers are part
/// of the generated data: renumbering changes every event of every seed.
enum Stream : uint64_t {
    kPersonName = 1,
    kPersonEmail,
    kPersonCard,
    kPersonCity,
    kPersonState,
    kPersonExtra,
    kAuctionSeller,
    kAuctionCategory,
    kAuctionInitialBid,
    kAuctionReserve,
    kAuctionExpires,
    kAuctionItemName,
    kAuctionDescription,
    kAuctionExtra,
    kBidAuction,
    kBidBidder,
    kBidPrice,
    kBidChannel,
    kBidExtra,
};

inline EventRng StreamRng(uint64_t event_key, Stream stream) {
    return EventRng(event_key + static_cast<uint64_t>(stream) * 0xD6E8FEB86659FD93ULL);
}

// ---- static tables --------------------------------------------------------------------------------

constexpr std::string_view kFirstNames[] = {"Peter", "Paul",  "Luke",  "John",   "Saul",  "Vicky",
                                            "Kate",  "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::string_view kLastNames[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
                                           "Walton", "Smith",  "Jones",   "Noris"};
// Few cities and states, so that queries filtering on them find results in small runs.
constexpr std::string_view kCities[] = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
                                        "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::string_view kStates[] = {"AZ", "CA", "ID", "OR", "WA", "WY"};
constexpr std::string_view kHotChannels[] = {"Google", "Facebook", "Baidu", "Apple"};

constexpr int kNumChannels = 10000;
constexpr int kHotChannelRatio = 2;
constexpr int64_t kHotRatio = 100; // hot sellers/bidders/auctions: the first of each block of 100 ids
constexpr int64_t kIdLead = 10;    // ids picked up to this far past the newest one
constexpr int kMinStringLength = 3;
constexpr size_t kExtraPoolBytes = 1 << 20;
constexpr int kMaxAverageBytes = 100000; // keeps every `extra` well inside the pool

constexpr size_t kNumNames = std::size(kFirstNames) * std::size(kLastNames);
/// Channels [0, 4) are the hot ones.
constexpr size_t kChannelCount = std::size(kHotChannels) + kNumChannels;

/// Strings that do not depend on the seed, built once per process; generated strings point here. Each
/// table also holds its strings as ready-made batch values.
struct Tables {
    std::array<std::string, kNumNames> names;
    std::array<std::string, kChannelCount> channels;
    std::array<std::string, kChannelCount> channel_urls;
    std::array<sl_str, kNumNames> name_values;
    std::array<sl_str, std::size(kCities)> city_values;
    std::array<sl_str, std::size(kStates)> state_values;
    std::array<sl_str, kChannelCount> channel_values;
    std::array<sl_str, kChannelCount> channel_url_values;
    /// Random lowercase letters; an `extra` is a slice of it at a random offset (as in Flink's port),
    /// which makes padding free to generate. The last kPoolPadding bytes are never part of a slice, so
    /// that a slice's first 4 bytes can always be loaded at once.
    std::string extra_pool;
};

constexpr size_t kPoolPadding = 8;

/// A batch value for a slice of the extra pool: ViewString without its out-of-line call and
/// variable-length copy, which dominated bid generation.
inline sl_str PoolValue(std::string_view slice) {
    sl_str s;
    s.len = static_cast<uint32_t>(slice.size());
    uint32_t prefix;
    std::memcpy(&prefix, slice.data(), 4);
    if (slice.size() < 4) // keep the prefix's unused bytes zero (little-endian)
        prefix &= (1u << (8 * slice.size())) - 1;
    std::memcpy(s.prefix, &prefix, 4);
    s.ptr = slice.data();
    return s;
}

/// Beam's nextString: 3 .. max_length-1 characters, each `special` with probability 1/13, else a
/// uniform lowercase letter; spaces trimmed at both ends. Writes to `out`; returns the length.
size_t NextString(EventRng& rng, int max_length, char special, char* out) {
    int len = kMinStringLength +
              static_cast<int>(rng.NextInt(static_cast<uint32_t>(max_length - kMinStringLength)));
    // Two characters per 64-bit draw: v uniform in [0, 13 * 26); v < 26 is the special character
    // (probability 1/13), the other 12 * 26 values map evenly onto the 26 letters.
    auto pick = [special](uint32_t bits) {
        uint32_t v = static_cast<uint32_t>((static_cast<uint64_t>(bits) * 338) >> 32);
        return v < 26 ? special : static_cast<char>('a' + (v - 26) % 26);
    };
    for (int i = 0; i < len; i += 2) {
        uint64_t r = rng.Next();
        out[i] = pick(static_cast<uint32_t>(r));
        if (i + 1 < len)
            out[i + 1] = pick(static_cast<uint32_t>(r >> 32));
    }
    size_t begin = 0, end = static_cast<size_t>(len);
    if (special == ' ') {
        while (begin < end && out[begin] == ' ')
            ++begin;
        while (end > begin && out[end - 1] == ' ')
            --end;
        if (begin > 0)
            std::memmove(out, out + begin, end - begin);
    }
    return end - begin;
}

const Tables& GetTables() {
    static const Tables tables = [] {
        Tables t;
        for (size_t f = 0; f < std::size(kFirstNames); ++f)
            for (size_t l = 0; l < std::size(kLastNames); ++l)
                t.names[f * std::size(kLastNames) + l] =
                    std::string(kFirstNames[f]) + " " + std::string(kLastNames[l]);
        // The channel table is part of the model, not of a run: a fixed seed, the same in every process.
        EventRng rng(0x4E45584D41524B31ULL);
        auto base_url = [&rng] {
            std::string url = "https://www.nexmark.com/";
            char part[8];
            for (int i = 0; i < 3; ++i) {
                url.append(part, NextString(rng, 5, '_', part));
                url += '/';
            }
            return url + "item.htm?query=1";
        };
        for (size_t i = 0; i < std::size(kHotChannels); ++i) {
            t.channels[i] = kHotChannels[i];
            t.channel_urls[i] = base_url();
        }
        for (int i = 0; i < kNumChannels; ++i) {
            std::string& url = t.channel_urls[std::size(kHotChannels) + i];
            t.channels[std::size(kHotChannels) + i] = "channel-" + std::to_string(i);
            url = base_url();
            if (rng.NextInt(10) > 0) {
                // The channel id is the bit-reversed channel number, so that ids look unrelated.
                uint32_t x = static_cast<uint32_t>(i), reversed = 0;
                for (int b = 0; b < 32; ++b, x >>= 1)
                    reversed = (reversed << 1) | (x & 1);
                int64_t id = static_cast<int32_t>(reversed);
                url += "&channel_id=" + std::to_string(id < 0 ? -id : id);
            }
        }
        t.extra_pool.resize(kExtraPoolBytes + kPoolPadding);
        for (size_t i = 0; i < t.extra_pool.size(); i += 4) {
            uint64_t r = rng.Next();
            for (size_t j = 0; j < 4; ++j, r >>= 16)
                t.extra_pool[i + j] = static_cast<char>('a' + (((r & 0xffff) * 26) >> 16));
        }
        auto value = [](std::string_view s) {
            return Batch::ViewString(s.data(), static_cast<uint32_t>(s.size()));
        };
        for (size_t i = 0; i < kNumNames; ++i)
            t.name_values[i] = value(t.names[i]);
        for (size_t i = 0; i < std::size(kCities); ++i)
            t.city_values[i] = value(kCities[i]);
        for (size_t i = 0; i < std::size(kStates); ++i)
            t.state_values[i] = value(kStates[i]);
        for (size_t i = 0; i < kChannelCount; ++i) {
            t.channel_values[i] = value(t.channels[i]);
            t.channel_url_values[i] = value(t.channel_urls[i]);
        }
        return t;
    }();
    return tables;
}

// ---- fields ---------------------------------------------------------------------------------------

/// Beam's nextExtra: a string that brings `current_size` to `average_size` on average, with a length
/// uniform in [80%, 120%) of the difference.
std::string_view NextExtra(EventRng& rng, const Tables& t, int current_size, int average_size) {
    if (current_size > average_size)
        return std::string_view(t.extra_pool.data(), 0); // empty, but inside the pool like every slice
    int desired = average_size - current_size;
    int delta = static_cast<int>(std::floor(desired * 0.2 + 0.5));
    int size = desired - delta + (delta == 0 ? 0 : static_cast<int>(rng.NextInt(2 * delta)));
    size_t offset = rng.NextInt(static_cast<uint32_t>(kExtraPoolBytes - size));
    return std::string_view(t.extra_pool).substr(offset, size);
}

/// A price in cents: log-uniform over 1 .. 1,000,000 dollars. (10^x as 2^(x log2 10): exp2 is several
/// times faster than pow.)
int64_t NextPrice(EventRng& rng) {
    constexpr double kLog2Of10 = 3.321928094887362347870319429489390175864831393;
    return static_cast<int64_t>(std::floor(std::exp2(rng.NextDouble() * 6.0 * kLog2Of10) * 100.0 + 0.5));
}

/// The newest person id (base 0) at `event`: the current one when `event` is a person.
inline int64_t LastBase0PersonId(int64_t event) {
    int64_t epoch = event / G::kProportionDenominator;
    int64_t offset = std::min(event % G::kProportionDenominator, G::kPersonProportion - 1);
    return epoch * G::kPersonProportion + offset;
}

/// The newest auction id (base 0) at `event`: the current one when `event` is an auction (-1 before the
/// first auction).
inline int64_t LastBase0AuctionId(int64_t event) {
    int64_t epoch = event / G::kProportionDenominator;
    int64_t offset = event % G::kProportionDenominator;
    if (offset < G::kPersonProportion) {
        --epoch;
        offset = G::kAuctionProportion - 1;
    } else if (offset >= G::kPersonProportion + G::kAuctionProportion) {
        offset = G::kAuctionProportion - 1;
    } else {
        offset -= G::kPersonProportion;
    }
    return epoch * G::kAuctionProportion + offset;
}

/// A random active person (base 0), possibly a few ids ahead of the newest: limiting the choice to the
/// active people keeps the bids per person steady over long runs.
inline int64_t NextBase0PersonId(EventRng& rng, const NexmarkConfig& c, int64_t event) {
    int64_t num_people = LastBase0PersonId(event) + 1;
    int64_t active = std::min(num_people, c.num_active_people);
    return num_people - active + rng.NextLong(active + kIdLead);
}

/// A random auction (base 0) among those likely still open, possibly a few ids ahead.
inline int64_t NextBase0AuctionId(EventRng& rng, const NexmarkConfig& c, int64_t event) {
    int64_t max_auction = LastBase0AuctionId(event);
    int64_t min_auction = std::max<int64_t>(max_auction - c.num_in_flight_auctions, 0);
    return min_auction + rng.NextLong(max_auction - min_auction + 1 + kIdLead);
}

inline int64_t PersonId(int64_t event) {
    return LastBase0PersonId(event) + G::kFirstPersonId;
}

/// Index into Tables::names.
inline uint32_t PersonName(uint64_t key) {
    EventRng rng = StreamRng(key, kPersonName);
    uint32_t first = rng.NextInt(std::size(kFirstNames));
    uint32_t last = rng.NextInt(std::size(kLastNames));
    return first * static_cast<uint32_t>(std::size(kLastNames)) + last;
}

inline size_t PersonEmail(uint64_t key, char* out) {
    EventRng rng = StreamRng(key, kPersonEmail);
    size_t n = NextString(rng, 7, ' ', out);
    out[n++] = '@';
    n += NextString(rng, 5, ' ', out + n);
    std::memcpy(out + n, ".com", 4);
    return n + 4;
}

constexpr size_t kCreditCardLength = 19;

inline void PersonCreditCard(uint64_t key, char* out) {
    EventRng rng = StreamRng(key, kPersonCard);
    for (int group = 0; group < 4; ++group) {
        uint32_t v = rng.NextInt(10000);
        char* p = out + group * 5;
        p[0] = static_cast<char>('0' + v / 1000);
        p[1] = static_cast<char>('0' + v / 100 % 10);
        p[2] = static_cast<char>('0' + v / 10 % 10);
        p[3] = static_cast<char>('0' + v % 10);
        if (group < 3)
            p[4] = ' ';
    }
}

/// Index into kCities.
inline uint32_t PersonCity(uint64_t key) {
    return StreamRng(key, kPersonCity).NextInt(std::size(kCities));
}

/// Index into kStates.
inline uint32_t PersonState(uint64_t key) {
    return StreamRng(key, kPersonState).NextInt(std::size(kStates));
}

std::string_view PersonExtra(uint64_t key, const Tables& t, const NexmarkConfig& c) {
    char email[16];
    int size =
        8 + static_cast<int>(t.names[PersonName(key)].size() + PersonEmail(key, email) + kCreditCardLength +
                             kCities[PersonCity(key)].size() + kStates[PersonState(key)].size());
    EventRng rng = StreamRng(key, kPersonExtra);
    return NextExtra(rng, t, size, c.avg_person_bytes);
}

inline int64_t AuctionId(int64_t event) {
    return LastBase0AuctionId(event) + G::kFirstAuctionId;
}

inline int64_t AuctionSeller(uint64_t key, const NexmarkConfig& c, int64_t event) {
    EventRng rng = StreamRng(key, kAuctionSeller);
    int64_t seller = rng.NextInt(c.hot_sellers_ratio) > 0 ? LastBase0PersonId(event) / kHotRatio * kHotRatio
                                                          : NextBase0PersonId(rng, c, event);
    return seller + G::kFirstPersonId;
}

inline int64_t AuctionCategory(uint64_t key) {
    return G::kFirstCategoryId + StreamRng(key, kAuctionCategory).NextInt(G::kNumCategories);
}

inline int64_t AuctionInitialBid(uint64_t key) {
    EventRng rng = StreamRng(key, kAuctionInitialBid);
    return NextPrice(rng);
}

inline int64_t AuctionReserve(uint64_t key) {
    EventRng rng = StreamRng(key, kAuctionReserve);
    return AuctionInitialBid(key) + NextPrice(rng);
}

/// Auctions last 1 .. 2h milliseconds (h on average), h being the event time until num_in_flight_auctions
/// more auctions exist: so about that many auctions are open at any time.
inline int64_t AuctionExpires(uint64_t key, const NexmarkGenerator& gen, int64_t horizon_events,
                              int64_t event) {
    int64_t now = gen.TimestampMicros(event);
    int64_t horizon_ms = (gen.TimestampMicros(event + horizon_events) - now) / 1000;
    EventRng rng = StreamRng(key, kAuctionExpires);
    return now + (1 + rng.NextLong(std::max<int64_t>(horizon_ms * 2, 1))) * 1000;
}

inline size_t AuctionItemName(uint64_t key, char* out) {
    EventRng rng = StreamRng(key, kAuctionItemName);
    return NextString(rng, 20, ' ', out);
}

inline size_t AuctionDescription(uint64_t key, char* out) {
    EventRng rng = StreamRng(key, kAuctionDescription);
    return NextString(rng, 100, ' ', out);
}

std::string_view AuctionExtra(uint64_t key, const Tables& t, const NexmarkConfig& c) {
    char text[100];
    int size = 8 + static_cast<int>(AuctionItemName(key, text) + AuctionDescription(key, text)) + 8 * 5;
    EventRng rng = StreamRng(key, kAuctionExtra);
    return NextExtra(rng, t, size, c.avg_auction_bytes);
}

inline int64_t BidAuction(uint64_t key, const NexmarkConfig& c, int64_t event) {
    EventRng rng = StreamRng(key, kBidAuction);
    int64_t auction = rng.NextInt(c.hot_auction_ratio) > 0 ? LastBase0AuctionId(event) / kHotRatio * kHotRatio
                                                           : NextBase0AuctionId(rng, c, event);
    return auction + G::kFirstAuctionId;
}

inline int64_t BidBidder(uint64_t key, const NexmarkConfig& c, int64_t event) {
    EventRng rng = StreamRng(key, kBidBidder);
    // The second person of the block, so that hot bidders and hot sellers differ.
    int64_t bidder = rng.NextInt(c.hot_bidders_ratio) > 0
                         ? LastBase0PersonId(event) / kHotRatio * kHotRatio + 1
                         : NextBase0PersonId(rng, c, event);
    return bidder + G::kFirstPersonId;
}

inline int64_t BidPrice(uint64_t key) {
    EventRng rng = StreamRng(key, kBidPrice);
    return NextPrice(rng);
}

/// The bid's channel and its url, as an index into the channel tables.
inline uint32_t BidChannel(uint64_t key) {
    EventRng rng = StreamRng(key, kBidChannel);
    if (rng.NextInt(kHotChannelRatio) > 0)
        return rng.NextInt(std::size(kHotChannels));
    return static_cast<uint32_t>(std::size(kHotChannels)) + rng.NextInt(kNumChannels);
}

constexpr int kBidFixedSize = 8 * 4;

inline std::string_view BidExtra(uint64_t key, const Tables& t, const NexmarkConfig& c) {
    EventRng rng = StreamRng(key, kBidExtra);
    return NextExtra(rng, t, kBidFixedSize, c.avg_bid_bytes);
}

template <size_t N> void SetInline(NexmarkInlineString<N>& s, size_t len) {
    s.size = static_cast<uint8_t>(len);
}

// ---- column fill ----------------------------------------------------------------------------------

/// The rows of one Fill call: their event numbers and event keys.
struct FillRows {
    const int64_t* events;
    const uint64_t* keys;
    int64_t count;
};

void FillPersonColumn(const NexmarkGenerator& gen, int column, const FillRows& rows, Batch& out, int col,
                      int64_t start) {
    const Tables& t = GetTables();
    const NexmarkConfig& c = gen.config();
    switch (column) {
    case NexmarkPersonColumn::Id: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = PersonId(rows.events[r]);
        break;
    }
    case NexmarkPersonColumn::Name: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = t.name_values[PersonName(rows.keys[r])];
        break;
    }
    case NexmarkPersonColumn::EmailAddress: {
        sl_str* v = out.Values<sl_str>(col) + start;
        char buf[16];
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = out.MakeString({buf, PersonEmail(rows.keys[r], buf)});
        break;
    }
    case NexmarkPersonColumn::CreditCard: {
        sl_str* v = out.Values<sl_str>(col) + start;
        char buf[kCreditCardLength];
        for (int64_t r = 0; r < rows.count; ++r) {
            PersonCreditCard(rows.keys[r], buf);
            v[r] = out.MakeString({buf, kCreditCardLength});
        }
        break;
    }
    case NexmarkPersonColumn::City: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = t.city_values[PersonCity(rows.keys[r])];
        break;
    }
    case NexmarkPersonColumn::State: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = t.state_values[PersonState(rows.keys[r])];
        break;
    }
    case NexmarkPersonColumn::DateTime: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = gen.TimestampMicros(rows.events[r]);
        break;
    }
    case NexmarkPersonColumn::Extra: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = PoolValue(PersonExtra(rows.keys[r], t, c));
        break;
    }
    }
}

void FillAuctionColumn(const NexmarkGenerator& gen, int64_t horizon_events, int column, const FillRows& rows,
                       Batch& out, int col, int64_t start) {
    const Tables& t = GetTables();
    const NexmarkConfig& c = gen.config();
    switch (column) {
    case NexmarkAuctionColumn::Id: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionId(rows.events[r]);
        break;
    }
    case NexmarkAuctionColumn::ItemName:
    case NexmarkAuctionColumn::Description: {
        sl_str* v = out.Values<sl_str>(col) + start;
        char buf[100];
        bool name = column == NexmarkAuctionColumn::ItemName;
        for (int64_t r = 0; r < rows.count; ++r) {
            size_t len = name ? AuctionItemName(rows.keys[r], buf) : AuctionDescription(rows.keys[r], buf);
            v[r] = out.MakeString({buf, len});
        }
        break;
    }
    case NexmarkAuctionColumn::InitialBid: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionInitialBid(rows.keys[r]);
        break;
    }
    case NexmarkAuctionColumn::Reserve: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionReserve(rows.keys[r]);
        break;
    }
    case NexmarkAuctionColumn::DateTime: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = gen.TimestampMicros(rows.events[r]);
        break;
    }
    case NexmarkAuctionColumn::Expires: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionExpires(rows.keys[r], gen, horizon_events, rows.events[r]);
        break;
    }
    case NexmarkAuctionColumn::Seller: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionSeller(rows.keys[r], c, rows.events[r]);
        break;
    }
    case NexmarkAuctionColumn::Category: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = AuctionCategory(rows.keys[r]);
        break;
    }
    case NexmarkAuctionColumn::Extra: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = PoolValue(AuctionExtra(rows.keys[r], t, c));
        break;
    }
    }
}

void FillBidColumn(const NexmarkGenerator& gen, int column, const FillRows& rows, Batch& out, int col,
                   int64_t start) {
    const Tables& t = GetTables();
    const NexmarkConfig& c = gen.config();
    switch (column) {
    case NexmarkBidColumn::Auction: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = BidAuction(rows.keys[r], c, rows.events[r]);
        break;
    }
    case NexmarkBidColumn::Bidder: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = BidBidder(rows.keys[r], c, rows.events[r]);
        break;
    }
    case NexmarkBidColumn::Price: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = BidPrice(rows.keys[r]);
        break;
    }
    case NexmarkBidColumn::Channel: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = t.channel_values[BidChannel(rows.keys[r])];
        break;
    }
    case NexmarkBidColumn::Url: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = t.channel_url_values[BidChannel(rows.keys[r])];
        break;
    }
    case NexmarkBidColumn::DateTime: {
        int64_t* v = out.Values<int64_t>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = gen.TimestampMicros(rows.events[r]);
        break;
    }
    case NexmarkBidColumn::Extra: {
        sl_str* v = out.Values<sl_str>(col) + start;
        for (int64_t r = 0; r < rows.count; ++r)
            v[r] = PoolValue(BidExtra(rows.keys[r], t, c));
        break;
    }
    }
}

ColumnSchema Col(const char* name, sl_type_id type) {
    return ColumnSchema{name, ColumnType{type, 0, 0}};
}

} // namespace

// ---- kinds and columns ----------------------------------------------------------------------------

const char* NexmarkKindName(NexmarkKind kind) {
    switch (kind) {
    case NexmarkKind::Person:
        return "person";
    case NexmarkKind::Auction:
        return "auction";
    case NexmarkKind::Bid:
        return "bid";
    }
    return "?";
}

bool ParseNexmarkKind(std::string_view text, NexmarkKind* out) {
    for (NexmarkKind kind : {NexmarkKind::Person, NexmarkKind::Auction, NexmarkKind::Bid}) {
        std::string_view name = NexmarkKindName(kind);
        if (EqualsIgnoreCase(text, name)) {
            *out = kind;
            return true;
        }
    }
    return false;
}

const std::vector<ColumnSchema>& NexmarkColumns(NexmarkKind kind) {
    // One list for the compiler's checks and the generator: source_columns.def, in the order of the
    // Nexmark*Column enums.
    static const std::vector<std::vector<ColumnSchema>> kColumns = [] {
        std::vector<std::vector<ColumnSchema>> out(3);
        const sl_type_id BIGINT = SL_TYPE_BIGINT, STRING = SL_TYPE_STRING, TIMESTAMP = SL_TYPE_TIMESTAMP;
        NexmarkKind k;
#define SL_SOURCE_COLUMN(connector, kind_name, column, type)                                                 \
    if (std::string_view(#connector) == "nexmark" && ParseNexmarkKind(#kind_name, &k))                       \
        out[static_cast<int>(k)].push_back(Col(#column, type));
#include "sluice/source_columns.def"
        return out;
    }();
    return kColumns[static_cast<int>(kind)];
}

const std::vector<ColumnSchema>& NexmarkColumns(const std::string& kind) {
    static const std::vector<ColumnSchema> kNone;
    NexmarkKind k;
    return ParseNexmarkKind(kind, &k) ? NexmarkColumns(k) : kNone;
}

Schema ProjectNexmarkColumns(NexmarkKind kind, std::span<const int> columns) {
    const auto& all = NexmarkColumns(kind);
    Schema schema;
    for (int c : columns) {
        if (c < 0 || c >= static_cast<int>(all.size()))
            throw std::invalid_argument("nexmark: no column " + std::to_string(c) + " in " +
                                        NexmarkKindName(kind));
        schema.push_back(all[c]);
    }
    return schema;
}

// ---- generator ------------------------------------------------------------------------------------

NexmarkGenerator::NexmarkGenerator(const NexmarkConfig& config)
    : config_(config), seed_key_(Mix64(config.seed ^ 0x6A09E667F3BCC909ULL)),
      horizon_events_(config.num_in_flight_auctions * kProportionDenominator / kAuctionProportion),
      micros_per_event_(config.events_per_second > 0 && kMicrosPerSecond % config.events_per_second == 0
                            ? kMicrosPerSecond / config.events_per_second
                            : 0) {
    auto require = [](bool ok, const char* what) {
        if (!ok)
            throw std::invalid_argument(std::string("nexmark: ") + what);
    };
    require(config.events_per_second > 0, "the event rate must be positive");
    require(config.num_active_people >= 1, "num_active_people must be at least 1");
    require(config.num_in_flight_auctions >= 1, "num_in_flight_auctions must be at least 1");
    require(config.hot_auction_ratio >= 1 && config.hot_sellers_ratio >= 1 && config.hot_bidders_ratio >= 1,
            "hot ratios must be at least 1");
    require(config.avg_person_bytes >= 0 && config.avg_person_bytes <= kMaxAverageBytes &&
                config.avg_auction_bytes >= 0 && config.avg_auction_bytes <= kMaxAverageBytes &&
                config.avg_bid_bytes >= 0 && config.avg_bid_bytes <= kMaxAverageBytes,
            "average event sizes must be between 0 and 100000 bytes");
    GetTables(); // built here rather than inside the first timed Fill
}

NexmarkKind NexmarkGenerator::KindOf(int64_t event) {
    int64_t offset = event % kProportionDenominator;
    if (offset < kPersonProportion)
        return NexmarkKind::Person;
    if (offset < kPersonProportion + kAuctionProportion)
        return NexmarkKind::Auction;
    return NexmarkKind::Bid;
}

int64_t NexmarkGenerator::CountOfKind(NexmarkKind kind, int64_t events) {
    int64_t epochs = events / kProportionDenominator;
    int64_t offset = events % kProportionDenominator;
    switch (kind) {
    case NexmarkKind::Person:
        return epochs * kPersonProportion + std::min(offset, kPersonProportion);
    case NexmarkKind::Auction:
        return epochs * kAuctionProportion +
               std::clamp<int64_t>(offset - kPersonProportion, 0, kAuctionProportion);
    case NexmarkKind::Bid:
        break;
    }
    return epochs * kBidProportion + std::max<int64_t>(offset - kPersonProportion - kAuctionProportion, 0);
}

int64_t NexmarkGenerator::EventOfKind(NexmarkKind kind, int64_t index) {
    switch (kind) {
    case NexmarkKind::Person:
        return index / kPersonProportion * kProportionDenominator + index % kPersonProportion;
    case NexmarkKind::Auction:
        return index / kAuctionProportion * kProportionDenominator + kPersonProportion +
               index % kAuctionProportion;
    case NexmarkKind::Bid:
        break;
    }
    return index / kBidProportion * kProportionDenominator + kPersonProportion + kAuctionProportion +
           index % kBidProportion;
}

int64_t NexmarkGenerator::EventsUpTo(int64_t micros) const {
    if (micros < config_.base_time_us)
        return 0;
    // Event n qualifies when floor(n * 1e6 / rate) <= d, that is when n < (d + 1) * rate / 1e6.
    __int128 d = static_cast<__int128>(micros) - config_.base_time_us;
    __int128 count = ((d + 1) * config_.events_per_second + kMicrosPerSecond - 1) / kMicrosPerSecond;
    return count > INT64_MAX ? INT64_MAX : static_cast<int64_t>(count);
}

uint64_t NexmarkGenerator::EventKey(int64_t event) const {
    return Mix64(seed_key_ + static_cast<uint64_t>(event) * kGoldenGamma);
}

NexmarkPerson NexmarkGenerator::Person(int64_t event) const {
    const Tables& t = GetTables();
    uint64_t key = EventKey(event);
    NexmarkPerson p;
    p.id = PersonId(event);
    p.name = t.names[PersonName(key)];
    SetInline(p.email_address, PersonEmail(key, p.email_address.data));
    PersonCreditCard(key, p.credit_card.data);
    SetInline(p.credit_card, kCreditCardLength);
    p.city = kCities[PersonCity(key)];
    p.state = kStates[PersonState(key)];
    p.date_time = TimestampMicros(event);
    p.extra = PersonExtra(key, t, config_);
    return p;
}

NexmarkAuction NexmarkGenerator::Auction(int64_t event) const {
    const Tables& t = GetTables();
    uint64_t key = EventKey(event);
    NexmarkAuction a;
    a.id = AuctionId(event);
    SetInline(a.item_name, AuctionItemName(key, a.item_name.data));
    SetInline(a.description, AuctionDescription(key, a.description.data));
    a.initial_bid = AuctionInitialBid(key);
    a.reserve = AuctionReserve(key);
    a.date_time = TimestampMicros(event);
    a.expires = AuctionExpires(key, *this, horizon_events_, event);
    a.seller = AuctionSeller(key, config_, event);
    a.category = AuctionCategory(key);
    a.extra = AuctionExtra(key, t, config_);
    return a;
}

NexmarkBid NexmarkGenerator::Bid(int64_t event) const {
    const Tables& t = GetTables();
    uint64_t key = EventKey(event);
    NexmarkBid b;
    b.auction = BidAuction(key, config_, event);
    b.bidder = BidBidder(key, config_, event);
    b.price = BidPrice(key);
    uint32_t channel = BidChannel(key);
    b.channel = t.channels[channel];
    b.url = t.channel_urls[channel];
    b.date_time = TimestampMicros(event);
    b.extra = BidExtra(key, t, config_);
    return b;
}

int64_t NexmarkGenerator::Fill(NexmarkKind kind, int64_t begin_event, int64_t end_event,
                               std::span<const int> columns, Batch& out) const {
    const auto& all = NexmarkColumns(kind);
    if (static_cast<int>(columns.size()) != out.num_columns())
        throw std::invalid_argument("nexmark: the batch has " + std::to_string(out.num_columns()) +
                                    " columns, the projection " + std::to_string(columns.size()));
    for (size_t i = 0; i < columns.size(); ++i) {
        int c = columns[i];
        if (c < 0 || c >= static_cast<int>(all.size()) || out.schema()[i].type != all[c].type)
            throw std::invalid_argument("nexmark: batch column " + std::to_string(i) + " does not hold " +
                                        NexmarkKindName(kind) + " column " + std::to_string(c));
    }
    int64_t first = CountOfKind(kind, begin_event);
    int64_t last = CountOfKind(kind, std::max(begin_event, end_event));
    int64_t start = out.num_rows();
    int64_t count = std::min(last - first, out.capacity() - start);
    if (count <= 0)
        return first == last ? std::max(begin_event, end_event) : begin_event;

    std::vector<int64_t> events(count);
    std::vector<uint64_t> keys(count);
    for (int64_t r = 0; r < count; ++r) {
        events[r] = EventOfKind(kind, first + r);
        keys[r] = EventKey(events[r]);
    }
    FillRows rows{events.data(), keys.data(), count};
    for (size_t i = 0; i < columns.size(); ++i) {
        int col = static_cast<int>(i);
        switch (kind) {
        case NexmarkKind::Person:
            FillPersonColumn(*this, columns[i], rows, out, col, start);
            break;
        case NexmarkKind::Auction:
            FillAuctionColumn(*this, horizon_events_, columns[i], rows, out, col, start);
            break;
        case NexmarkKind::Bid:
            FillBidColumn(*this, columns[i], rows, out, col, start);
            break;
        }
    }
    out.set_num_rows(start + count);
    return first + count == last ? end_event : EventOfKind(kind, first + count);
}

} // namespace sluice::rt
