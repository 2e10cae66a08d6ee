#include "runtime/sources/file/file_lister.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

#include "runtime/engine/source.h"

namespace sluice::rt {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view BaseName(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Fills `out` for a regular file (following links); false for anything else or a file gone meanwhile.
bool StatRegular(const std::string& path, ListedFile* out) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    out->path = path;
    out->mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    out->size = static_cast<int64_t>(st.st_size);
    return true;
}

} // namespace

FileLister::FileLister(std::string path)
    : path_(std::move(path)), is_glob_(path_.find_first_of("*?[") != std::string::npos) {
    if (path_.empty())
        throw QueryError("file source option path is empty");
}

bool FileLister::IsIgnoredName(std::string_view name) {
    return name.empty() || name[0] == '.' || name[0] == '_' || EndsWith(name, ".tmp") ||
           EndsWith(name, ".temp") || EndsWith(name, ".inprogress") || EndsWith(name, "._COPYING_") ||
           EndsWith(name, "~");
}

std::vector<ListedFile> FileLister::List(const std::function<bool(const std::string& path)>& skip) const {
    std::vector<ListedFile> files;
    ListedFile file;
    if (is_glob_) {
        glob_t g{};
        int rc = ::glob(path_.c_str(), GLOB_NOSORT, nullptr, &g);
        if (rc != 0 && rc != GLOB_NOMATCH) {
            ::globfree(&g);
            throw QueryError("cannot list files matching '" + path_ + "'" +
                             (rc == GLOB_ABORTED ? ": a directory cannot be read" : ""));
        }
        for (size_t i = 0; i < g.gl_pathc; ++i) {
            std::string p = g.gl_pathv[i];
            if (!IsIgnoredName(BaseName(p)) && !(skip && skip(p)) && StatRegular(p, &file))
                files.push_back(file);
        }
        ::globfree(&g);
        return files;
    }
    struct stat st;
    if (::stat(path_.c_str(), &st) != 0)
        throw QueryError("file source path '" + path_ + "' does not exist (" + std::strerror(errno) + ")");
    if (S_ISREG(st.st_mode)) {
        if (StatRegular(path_, &file))
            files.push_back(file);
        return files;
    }
    DIR* dir = ::opendir(path_.c_str());
    if (dir == nullptr)
        throw QueryError("cannot list directory '" + path_ + "': " + std::strerror(errno));
    const std::string prefix = EndsWith(path_, "/") ? path_ : path_ + "/";
    int read_errno = 0;
    for (;;) {
        // readdir signals an error only through errno, and the stat of the previous entry (a dangling
        // link, a file removed since) may have left one there: clear it before every call.
        errno = 0;
        const dirent* entry = ::readdir(dir);
        if (entry == nullptr) {
            read_errno = errno;
            break;
        }
        std::string_view name = entry->d_name;
        if (IsIgnoredName(name))
            continue;
        std::string p = prefix + entry->d_name;
        // An entry that is not a regular file, or that cannot be stat'ed (gone, a dangling link), is not
        // an input file: skipped, never an error.
        if (!(skip && skip(p)) && StatRegular(p, &file))
            files.push_back(file);
    }
    ::closedir(dir);
    if (read_errno != 0)
        throw QueryError("cannot list directory '" + path_ + "': " + std::strerror(read_errno));
    return files;
}

} // namespace sluice::rt
