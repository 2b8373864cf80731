"""The convolution as one dense layer whose weight matrix ties its entries to the filter."""
