// The one translation unit that compiles Boost.Asio and Boost.Beast.
//
// Both libraries are header-only by default, which makes every file that includes them
// slow to build. With BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION
// (PUBLIC definitions of the quest_beast target) their function bodies live here once,
// and every other translation unit only sees declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
