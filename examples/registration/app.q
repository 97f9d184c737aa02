# The seed's RegistrationView on /register; a valid submit redirects to /dashboard, here
# a page counting the registered users (the views: registration_view.q).
# Run: quest serve examples/registration/app.q  and open http://127.0.0.1:3000/register
use "std/web/liveview" as lv
use "./registration_view" as registration

lv.mount("/register", registration.RegistrationView)
lv.mount("/dashboard", registration.WelcomeView)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/register"}, "body": ""}
end
