#include "trappe/trappe.h"
#include "trappe/version.hpp"

extern "C" const char* trappe_version(void) { return trappe::version_string; }
