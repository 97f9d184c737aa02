# The seed's ProductBrowserView with its SearchComponent on /products (the views:
# product_browser_view.q).
# Run: quest serve examples/product_browser/app.q  and open http://127.0.0.1:3000/products
use "std/web/liveview" as lv
use "./product_browser_view" as browser

lv.mount("/products", browser.ProductBrowserView)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/products"}, "body": ""}
end
