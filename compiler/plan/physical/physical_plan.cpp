#include "compiler/plan/physical/physical_plan.h"

namespace sluice::plan {

const char* PhysicalKindName(PhysicalKind k) {
    switch (k) {
    case PhysicalKind::Scan:
        return "Scan";
    case PhysicalKind::Filter:
        return "Filter";
    case PhysicalKind::Project:
        return "Project";
    case PhysicalKind::Union:
        return "Union";
    case PhysicalKind::Sink:
        return "Sink";
    case PhysicalKind::WindowAssign:
        return "WindowAssign";
    case PhysicalKind::Exchange:
        return "Exchange";
    case PhysicalKind::Aggregate:
        return "Aggregate";
    case PhysicalKind::Dedup:
        return "Dedup";
    }
    return "?";
}

int32_t ValueBytes(const Type& t) {
    switch (t.id) {
    case TypeId::Boolean:
        return 1;
    case TypeId::Int:
    case TypeId::Date:
        return 4;
    case TypeId::Decimal:
    case TypeId::String:
        return 16;
    default:
        return 8;
    }
}

namespace {

/// Appends fields to a value buffer, each at its natural alignment.
class LayoutBuilder {
public:
    int32_t Add(int32_t size) {
        const int32_t align = size >= 16 ? 16 : size;
        size_ = (size_ + align - 1) / align * align;
        const int32_t at = size_;
        size_ += size;
        return at;
    }
    /// A field holding a value of `t`; an sl_str field is recorded as a string the state keeps.
    int32_t AddValue(const Type& t, std::vector<int32_t>& strings) {
        const int32_t at = Add(ValueBytes(t));
        if (t.id == TypeId::String)
            strings.push_back(at);
        return at;
    }
    int32_t size() const { return (size_ + 15) / 16 * 16; }

private:
    int32_t size_ = 0;
};

} // namespace

void LayoutAggregateState(PhysicalAggregate& aggregate, StateTable& table) {
    LayoutBuilder layout;
    table.string_offsets.clear();
    const Schema& in = aggregate.inputs.at(0)->schema;
    auto value = [&](const Type& t) { return layout.AddValue(t, table.string_offsets); };
    for (AggregateCall& call : aggregate.aggregates) {
        switch (call.kind) {
        case AggregateKind::CountStar:
        case AggregateKind::Count:
        case AggregateKind::CountDistinct:
            call.fields = {layout.Add(8)};
            break;
        case AggregateKind::Sum:
            call.fields = {value(call.result_type)};
            call.fields.push_back(layout.Add(1));
            break;
        case AggregateKind::Min:
        case AggregateKind::Max:
            call.fields = {value(in.at(call.args.at(0)).type)};
            call.fields.push_back(layout.Add(1));
            break;
        case AggregateKind::Avg:
            call.fields = {layout.Add(in.at(call.args.at(0)).type.id == TypeId::Decimal ? 16 : 8)};
            call.fields.push_back(layout.Add(8));
            break;
        case AggregateKind::MinBy:
        case AggregateKind::MaxBy:
            call.fields = {value(in.at(call.args.at(1)).type)};
            call.fields.push_back(value(in.at(call.args.at(0)).type));
            call.fields.push_back(layout.Add(1));
            call.fields.push_back(layout.Add(1));
            break;
        case AggregateKind::ApproxCountDistinct:
            call.fields = {layout.Add(512)};
            break;
        }
    }
    table.value_size = layout.size();
}

} // namespace sluice::plan
