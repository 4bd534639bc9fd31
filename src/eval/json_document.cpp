// JSON parsing through Boost.JSON's basic_parser with a handler that builds the
// value (as boost::json::parser does) and keeps the keys of row objects.

#include "json_document.hpp"

#include <boost/json/basic_parser_impl.hpp>

namespace trappe::detail {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

class checking_handler {
public:
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::vector<std::pair<std::size_t, std::string>> duplicates;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        // A row: the document itself, or an element of a top-level array.
        const bool row = frames_.empty() || (frames_.size() == 1 && !frames_[0].object);
        frames_.push_back({true, row, false, {}});
        return true;
    }
    bool on_object_end(std::size_t n, error_code&) {
        st.push_object(n);
        frames_.pop_back();
        value_done();
        return true;
    }
    bool on_array_begin(error_code&) {
        frames_.push_back({false, false, false, {}});
        return true;
    }
    bool on_array_end(std::size_t n, error_code&) {
        st.push_array(n);
        frames_.pop_back();
        value_done();
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        st.push_chars(s);
        if (frames_.back().row) key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        st.push_key(s);
        frame& f = frames_.back();
        if (!f.row) return true;
        key_.append(s.data(), s.size());
        bool seen = false;
        for (const std::string& k : f.keys) seen = seen || k == key_;  // rows have a few dozen keys
        if (seen && !f.reported) {
            duplicates.emplace_back(frames_.size() == 1 ? 0 : elements_, key_);
            f.reported = true;
        }
        if (!seen) f.keys.push_back(key_);
        key_.clear();
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        st.push_string(s);
        return value_done();
    }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        st.push_int64(i);
        return value_done();
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        st.push_uint64(u);
        return value_done();
    }
    bool on_double(double d, string_view, error_code&) {
        st.push_double(d);
        return value_done();
    }
    bool on_bool(bool b, error_code&) {
        st.push_bool(b);
        return value_done();
    }
    bool on_null(error_code&) {
        st.push_null();
        return value_done();
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    struct frame {
        bool object = false, row = false, reported = false;
        std::vector<std::string> keys;  // of a row object
    };

    // Counts the finished elements of a top-level array: the index of the next row.
    bool value_done() {
        if (frames_.size() == 1 && !frames_[0].object) ++elements_;
        return true;
    }

    std::vector<frame> frames_;
    std::size_t elements_ = 0;
    std::string key_;
};

}  // namespace

json_document parse_json_document(std::string_view text) {
    json_document out;
    json::basic_parser<checking_handler> parser(json::parse_options{});
    parser.handler().st.reset(json::storage_ptr{});
    error_code ec;
    const std::size_t n = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && n < text.size()) ec = json::error::extra_data;
    if (ec) {
        out.error = ec;
        return out;
    }
    out.value = parser.handler().st.release();
    out.duplicates = std::move(parser.handler().duplicates);
    return out;
}

}  // namespace trappe::detail
